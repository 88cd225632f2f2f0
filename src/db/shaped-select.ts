// A select whose columns, joins and order stay the same from call to call while its conditions
// vary (a page of a list), built by the query builder once per shape instead of on every call.
import { Column, is, Placeholder, sql, type DriverValueDecoder, type SQL } from 'drizzle-orm';
import { SQLiteSyncDialect, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { keep, recall } from '../lru.js';
import { CASING, clientOf, type Tx } from './client.js';

/** What a shaped select is made of. */
export interface Shape {
  /** The selected members, in the order the query builder selects them (their order here). */
  fields: Record<string, SQLiteColumn | SQL>;
  /** The query with `where` as its conditions and `limit` as its LIMIT. */
  build: (where: SQL | undefined, limit: Placeholder | number) => { toSQL(): { sql: string; params: unknown[] }; all(): unknown[] };
}

/** A shape's SQL text, where each of its parameters comes from, and how each column is read. */
interface Template {
  sql: string;
  /** Per parameter: the index of a WHERE value, -1 for the limit, or a constant of the query itself. */
  sources: ({ where: number } | { constant: unknown })[];
  names: string[];
  decoders: DriverValueDecoder<unknown, unknown>[];
}

/** Shapes remembered per owner (a list), the most recently used: every list's conditions and sorts, with room for in-lists of many lengths. */
const SHAPES_PER_OWNER = 500;
const MAX_KEPT_WHERE = 2000;
const templates = new WeakMap<object, Map<string, Template | null>>();
const dialect = new SQLiteSyncDialect({ casing: CASING });
const LIMIT = sql.placeholder('limit');

/**
 * The rows of `shape` that meet `where`, at most `limit`, as the query builder would map them.
 * Only the WHERE clause is rendered per call: its SQL text, `?` in place of each value, names the
 * shape within `owner` together with `key`. Everything outside the WHERE clause (the fields, the
 * join, the order and any value in them) must follow from `owner` and `key` alone: a list's key is
 * its sort and whether it searches, whose computed keys hold only constants. The rest of
 * the query is built the first time a shape is seen, with the WHERE values as placeholders, and
 * its statement is kept by the connection's statement cache. Building and mapping a page of 50
 * through the query builder cost more than SQLite took to read it.
 */
export function selectShaped(db: Tx, owner: object, key: string, shape: Shape, where: SQL | undefined, limit: number): Record<string, unknown>[] {
  const rendered = where ? dialect.sqlToQuery(where) : { sql: '', params: [] };
  let shapes = templates.get(owner);
  if (!shapes) templates.set(owner, (shapes = new Map()));
  const shapeKey = `${key}\u0000${rendered.sql}`;
  // A WHERE clause longer than this (long in-lists, many repeated filters) is not kept: each such
  // shape would keep its text, and a reader could send shape after shape of hundreds of KB.
  let template = rendered.sql.length > MAX_KEPT_WHERE ? null : recall(shapes, shapeKey);
  if (template === undefined) {
    template = templateOf(shape, rendered.sql, rendered.params.length);
    keep(shapes, shapeKey, template, SHAPES_PER_OWNER);
  }
  if (template === null) {
    // A WHERE text too long to keep, or that cannot be split at its values: built and run by the query builder.
    return shape.build(where, limit).all() as Record<string, unknown>[];
  }
  const params = template.sources.map((source) =>
    'constant' in source ? source.constant : source.where < 0 ? limit : rendered.params[source.where],
  );
  const rows = clientOf(db).prepare(template.sql).raw(true).all(...params) as unknown[][];
  const { names, decoders } = template;
  return rows.map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const value = values[i];
      row[names[i]!] = value === null ? null : decoders[i]!.mapFromDriverValue(value);
    }
    return row;
  });
}

/**
 * The template of a shape: the query built with a placeholder for each WHERE value. Null when the
 * WHERE text holds a `?` that is not a value (none of the service's conditions do).
 */
function templateOf(shape: Shape, whereText: string, valueCount: number): Template | null {
  const pieces = whereText.split('?');
  if (whereText && pieces.length - 1 !== valueCount) return null;
  const where = whereText
    ? sql.join(pieces.flatMap((piece, i) => (i === 0 ? [sql.raw(piece)] : [sql.placeholder(`where${i - 1}`), sql.raw(piece)])))
    : undefined;
  const query = shape.build(where, LIMIT).toSQL();
  return {
    sql: query.sql,
    sources: query.params.map((p) => {
      if (!is(p, Placeholder)) return { constant: p };
      return { where: p.name === LIMIT.name ? -1 : Number(p.name.slice('where'.length)) };
    }),
    names: Object.keys(shape.fields),
    decoders: Object.values(shape.fields).map((field) =>
      is(field, Column) ? field : (field as unknown as { decoder: DriverValueDecoder<unknown, unknown> }).decoder,
    ),
  };
}
