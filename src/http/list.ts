// List endpoints: the `{data, hasMore, nextCursor}` envelope, `limit`, and opaque keyset cursors.
import type { Request, Response } from 'express';
import { and, asc as sqlAsc, desc as sqlDesc, eq, gt, gte, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { HttpProblem } from './problem.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

const singleValue = z.string({ error: 'must be given once' });

export const limitParam = singleValue
  .regex(/^\d+$/, `must be an integer between 1 and ${MAX_LIMIT}`)
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_LIMIT, `must be between 1 and ${MAX_LIMIT}`)
  .optional()
  .transform((n) => n ?? DEFAULT_LIMIT);

export const cursorParam = singleValue.min(1, 'is not a cursor this service issued').max(2000).optional();

/** The query of a list with no filters yet: only paging. Unknown parameters are rejected. */
export const pageQuery = z.strictObject({ limit: limitParam, cursor: cursorParam });
export type PageQuery = z.infer<typeof pageQuery>;

export interface Page<T> {
  data: T[];
  hasMore: boolean;
  nextCursor: string | null;
  totalCount?: number;
}

export type CursorValue = string | number | null;

/**
 * One key of a keyset ordering; the last key must be unique (the id). A nullable key sorts its
 * nulls as SQLite does, as the smallest value: first ascending, last descending.
 */
export interface SortKey<Row> {
  column: SQLiteColumn | SQL;
  desc: boolean;
  nullable?: boolean;
  value: (row: Row) => CursorValue;
}

const cursorShape = z.object({ f: z.string(), k: z.array(z.union([z.string(), z.number(), z.null()])) });

function encodeCursor(fingerprint: string, values: CursorValue[]): string {
  return Buffer.from(JSON.stringify({ f: fingerprint, k: values })).toString('base64url');
}

/**
 * Decodes a cursor and checks that it was issued for the same list, filters and sort
 * (`fingerprint`); anything else is a 400 naming the parameter.
 */
function decodeCursor(cursor: string, fingerprint: string, keyCount: number): CursorValue[] {
  const invalid = (detail: string) => HttpProblem.invalidParameters([{ parameter: 'cursor', detail }]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('is not a cursor this service issued');
  }
  const parsed = cursorShape.safeParse(decoded);
  if (!parsed.success || parsed.data.k.length !== keyCount) throw invalid('is not a cursor this service issued');
  if (parsed.data.f !== fingerprint) throw invalid('was issued for another list, filter or sort');
  return parsed.data.k;
}

const expression = (column: SQLiteColumn | SQL): SQL => sql`${column}`;
const equalTo = (column: SQLiteColumn | SQL, value: CursorValue) =>
  value === null ? isNull(column) : eq(expression(column), value);

/** Rows that come after `value` in the key's order, nulls being the smallest values. */
function beyond(key: { column: SQLiteColumn | SQL; desc: boolean; nullable?: boolean }, value: CursorValue): SQL | undefined {
  const column = expression(key.column);
  if (value === null) return key.desc ? sql`0` : isNotNull(column);
  if (key.desc) return key.nullable ? or(lt(column, value), isNull(column)) : lt(column, value);
  return gt(column, value);
}

/**
 * A bound on the first key alone, implied by the cursor condition but written out because SQLite
 * can seek an index to it: without it, the OR below makes every later page scan from the start.
 */
function firstKeyBound(key: SortKey<unknown>, value: CursorValue): SQL | undefined {
  const column = expression(key.column);
  if (value === null) return key.desc ? isNull(column) : undefined;
  if (!key.desc) return gte(column, value);
  return key.nullable ? undefined : lte(column, value);
}

/** Rows strictly after `values` in the order of `keys`: (a > x) OR (a = x AND b > y) OR … */
function afterKeys<Row>(keys: SortKey<Row>[], values: CursorValue[]): SQL | undefined {
  const branches = keys.map((key, i) =>
    and(...keys.slice(0, i).map((k, j) => equalTo(k.column, values[j] ?? null)), beyond(key, values[i] ?? null)),
  );
  return and(firstKeyBound(keys[0] as SortKey<unknown>, values[0] ?? null), or(...branches));
}

/**
 * Runs one page of a keyset-paged query. `fetch` receives the cursor condition, the ORDER BY and
 * the number of rows to read (one more than the page, to learn whether more exist).
 */
export function keysetPage<Row, Out = Row>(options: {
  query: { limit: number; cursor?: string | undefined };
  fingerprint: string;
  keys: SortKey<Row>[];
  fetch: (after: SQL | undefined, orderBy: SQL[], limit: number) => Row[];
  present?: (rows: Row[]) => Out[];
}): Page<Out> {
  const { query, fingerprint, keys } = options;
  const after = query.cursor ? afterKeys(keys, decodeCursor(query.cursor, fingerprint, keys.length)) : undefined;
  const orderBy = keys.map((k) => (k.desc ? sqlDesc(k.column) : sqlAsc(k.column)));
  const rows = options.fetch(after, orderBy, query.limit + 1);
  const hasMore = rows.length > query.limit;
  const pageRows = rows.slice(0, query.limit);
  const last = pageRows.at(-1);
  return {
    data: options.present ? options.present(pageRows) : (pageRows as unknown as Out[]),
    hasMore,
    nextCursor: hasMore && last ? encodeCursor(fingerprint, keys.map((k) => k.value(last))) : null,
  };
}

/** Pages a list that is computed in memory (a derived view), ordered by a unique string key. */
export function memoryPage<T>(items: T[], key: (item: T) => string, query: PageQuery, fingerprint: string): Page<T> {
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const start = query.cursor ? String(decodeCursor(query.cursor, fingerprint, 1)[0]) : undefined;
  const rest = start === undefined ? sorted : sorted.filter((item) => key(item) > start);
  const data = rest.slice(0, query.limit);
  const hasMore = rest.length > query.limit;
  const last = data.at(-1);
  return { data, hasMore, nextCursor: hasMore && last ? encodeCursor(fingerprint, [key(last)]) : null };
}

/** Sends a page, with `Link: <next>; rel="next"` when there is more. */
export function sendPage<T>(req: Request, res: Response, page: Page<T>): void {
  if (page.hasMore && page.nextCursor) {
    const next = new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`);
    next.searchParams.set('cursor', page.nextCursor);
    res.set('Link', `<${next.href}>; rel="next"`);
  }
  res.status(200).json(page);
}

/** The documented shape of a page of `item`. */
export const pageSchema = (item: z.ZodType) =>
  z.object({ data: z.array(item), hasMore: z.boolean(), nextCursor: z.string().nullable() });
