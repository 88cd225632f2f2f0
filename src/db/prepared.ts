// Statements built once per connection instead of by the query builder on every call: building a
// query costs more than running a lookup by key (a GET by id spent a fifth of its time there).
import type { Tx } from './client.js';

/**
 * `build`'s result, made once per connection: per session, which a database handle and its
 * transactions share, so a statement prepared on one runs in the others. Build with
 * `sql.placeholder` for the values and `.prepare()` at the end.
 */
export function perConnection<T>(build: (db: Tx) => T): (db: Tx) => T {
  const built = new WeakMap<object, T>();
  return (db) => {
    const session = (db as unknown as { session: object }).session;
    let value = built.get(session);
    if (value === undefined) {
      value = build(db);
      built.set(session, value);
    }
    return value;
  };
}
