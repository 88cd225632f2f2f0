// Bulk create: every item or none, in one transaction, each failure reported at its index.
import type { Writer } from '../db/client.js';
import { HttpProblem, type FieldError } from './problem.js';

/**
 * The items of a bulk body as validated one by one: an item that failed its schema is undefined
 * and its problems are in `invalid`, pointed at by index (`#/17/name`).
 */
export interface BulkBody<T> {
  items: (T | undefined)[];
  invalid: FieldError[];
}

/** `#/iso3` of item 17 becomes `#/17/iso3`. */
function atIndex(errors: FieldError[] | undefined, index: number, fallback: string): FieldError[] {
  if (!errors || errors.length === 0) return [{ pointer: `#/${index}`, detail: fallback }];
  return errors.map((e) => ('pointer' in e ? { ...e, pointer: `#/${index}${e.pointer.slice(1)}` } : e));
}

const itemOf = (e: FieldError) => ('pointer' in e ? e.pointer.split('/')[1] : '');

/**
 * Creates every valid item with `createOne` inside one transaction, so that the database rules
 * (references, uniqueness, also between items of the batch) are checked for all of them; then, if
 * any item failed its schema or a rule, rolls everything back and reports every failure at once.
 */
export function createAll<I, O>(db: Writer, body: BulkBody<I>, createOne: (tx: Writer, input: I) => O): O[] {
  return db.transaction((tx) => {
    const created: O[] = [];
    const errors: FieldError[] = [...body.invalid];
    let invalid = body.invalid.length > 0;
    body.items.forEach((input, index) => {
      if (input === undefined) return;
      try {
        created.push(createOne(tx, input));
      } catch (err) {
        if (!(err instanceof HttpProblem) || (err.code !== 'validation_error' && err.code !== 'conflict')) throw err;
        invalid ||= err.code === 'validation_error';
        errors.push(...atIndex(err.options.errors, index, err.detail));
      }
    });
    if (errors.length > 0) {
      errors.sort((a, b) => Number(itemOf(a)) - Number(itemOf(b)));
      const failed = new Set(errors.map(itemOf)).size;
      // 409 only when every failure is a clash with existing records; any invalid item makes it 422.
      throw new HttpProblem(invalid ? 'validation_error' : 'conflict', `${failed} of ${body.items.length} items failed; nothing was created`, {
        errors,
      });
    }
    return created;
  });
}
