// Bulk create: every item or none, in one transaction, each failure reported at its index.
import type { Db, Tx } from '../db/client.js';
import { ConflictError, RuleViolation } from '../domain/errors.js';
import { pointersOf } from './errors.js';
import { HttpProblem, type FieldError } from './problem.js';

/**
 * The items of a bulk body as validated one by one: an item that failed its schema is undefined
 * and its problems are in `invalid`, pointed at by index (`#/17/name`).
 */
export interface BulkBody<T> {
  items: (T | undefined)[];
  invalid: FieldError[];
}

const itemOf = (e: FieldError) => ('pointer' in e ? e.pointer.split('/')[1] : '');

/**
 * Creates every valid item with `createOne` inside one transaction, so that the database rules
 * (references, uniqueness, also between items of the batch) are checked for all of them; then, if
 * any item failed its schema or a rule, rolls everything back and reports every failure at once.
 */
export function createAll<I, O>(db: Db, body: BulkBody<I>, createOne: (tx: Tx, input: I) => O): O[] {
  return db.transaction((tx) => {
    const created: O[] = [];
    const errors: FieldError[] = [...body.invalid];
    let invalid = body.invalid.length > 0;
    body.items.forEach((input, index) => {
      if (input === undefined) return;
      try {
        created.push(createOne(tx, input));
      } catch (err) {
        if (err instanceof RuleViolation) {
          invalid = true;
          errors.push(...pointersOf(err.violations, [index]));
        } else if (err instanceof ConflictError) {
          errors.push(...(err.violations.length ? pointersOf(err.violations, [index]) : [{ pointer: `#/${index}`, detail: err.message }]));
        } else throw err;
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
