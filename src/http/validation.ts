// Turns zod's issues into the problem `errors` list, with messages written for API users.
import { z } from 'zod';
import { READ_ONLY_FIELDS } from '../db/records.js';
import { jsonPointer, type FieldError } from './problem.js';

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

z.config({
  customError: (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        if (issue.input === undefined) return 'is required';
        if (issue.input === null) return 'must not be null';
        return issue.expected === 'int' ? 'must be an integer' : `must be ${article(issue.expected)}`;
      case 'too_small':
        if (issue.origin === 'string') {
          return Number(issue.minimum) === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`;
        }
        if (issue.origin === 'array') return `must have at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`;
        return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${issue.minimum}`;
      case 'too_big':
        if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`;
        if (issue.origin === 'array') return `must have at most ${issue.maximum} items`;
        return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
      case 'invalid_value':
        return `must be one of: ${issue.values.map(String).join(', ')}`;
      default:
        return undefined;
    }
  },
});

/** Body issues as JSON Pointers; `prefix` places them inside a larger document (a bulk item). */
export function bodyErrors(error: z.ZodError, prefix: readonly PropertyKey[] = []): { pointer: string; detail: string }[] {
  // zod still runs a schema's checks (an array's max length, say) on a value of the wrong type;
  // once a member is of the wrong type, that is the only thing worth saying about it.
  const wrongType = new Set(error.issues.filter((i) => i.code === 'invalid_type').map((i) => jsonPointer(i.path)));
  const issues = error.issues.filter((i) => i.code === 'invalid_type' || !wrongType.has(jsonPointer(i.path)));
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        pointer: jsonPointer([...path, key]),
        detail: READ_ONLY_FIELDS.has(key) ? 'is read-only' : 'is not a known field',
      }));
    }
    return [{ pointer: jsonPointer(path), detail: issue.message }];
  });
}

/** Query issues by parameter name. */
export function parameterErrors(error: z.ZodError): { parameter: string; detail: string }[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ parameter: key, detail: 'is not a known parameter' }));
    }
    return [{ parameter: String(issue.path[0] ?? ''), detail: issue.message }];
  });
}

export type { FieldError };
