// Bulk create: every item or none, in one transaction, each failure reported at its index.
import type { Writer } from '../db/client.js';
import { HttpProblem, type FieldError } from './problem.js';

/** `#/iso3` of item 17 becomes `#/17/iso3`. */
function atIndex(errors: FieldError[] | undefined, index: number, fallback: string): FieldError[] {
  if (!errors || errors.length === 0) return [{ pointer: `#/${index}`, detail: fallback }];
  return errors.map((e) => ('pointer' in e ? { ...e, pointer: `#/${index}${e.pointer.slice(1)}` } : e));
}

/**
 * Creates every input with `createOne` inside one transaction. Problems of single items (422,
 * 409) are collected for all items before the whole transaction is rolled back.
 */
export function createAll<I, O>(db: Writer, inputs: I[], createOne: (tx: Writer, input: I) => O): O[] {
  return db.transaction((tx) => {
    const created: O[] = [];
    const errors: FieldError[] = [];
    let invalid = false;
    inputs.forEach((input, index) => {
      try {
        created.push(createOne(tx, input));
      } catch (err) {
        if (!(err instanceof HttpProblem) || (err.code !== 'validation_error' && err.code !== 'conflict')) throw err;
        invalid ||= err.code === 'validation_error';
        errors.push(...atIndex(err.options.errors, index, err.detail));
      }
    });
    if (errors.length > 0) {
      const failed = new Set(errors.map((e) => ('pointer' in e ? e.pointer.split('/')[1] : ''))).size;
      // 409 only when every failure is a clash with existing records; any invalid item makes it 422.
      throw new HttpProblem(invalid ? 'validation_error' : 'conflict', `${failed} of ${inputs.length} items failed; nothing was created`, {
        errors,
      });
    }
    return created;
  });
}
