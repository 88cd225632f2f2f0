// The list query language of every collection (../API.md §1 "Lists"): filters, sort, keyset
// paging, total counts, field projection, expansion, full-text search and CSV, driven by one
// declarative ListSpec per collection. One zod schema per list both parses the query string into
// a plain ListRequest and documents the parameters; SQL is built from the request in runList.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { and, asc as sqlAsc, count, desc as sqlDesc, eq, getTableColumns, getTableName, gt, gte, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { selectShaped, type Shape } from '../db/shaped-select.js';
import { csvCell, sendCsv, writeCsv } from './csv.js';
import { checkCondition, conditionSql, FilterError, MAX_FILTER_REPEATS, MAX_LIST_VALUES, operatorsOf, type Condition, type FilterContext, type FilterSpec } from './filters.js';
import { keepParsed } from './parsed-queries.js';
import { HttpProblem } from './problem.js';
import type { ResponseSpec, StreamedReply } from './route.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
const MAX_SORT_KEYS = 4;

/* ---------- the declaration of a list ---------- */

export interface SearchSpec {
  /** The FTS5 table whose rowids are the collection table's rowids. */
  table: SQLiteTable & { rowid: SQLiteColumn; rank: SQLiteColumn };
  fields: string[];
}

export interface ExpandSpec<Item> {
  description: string;
  /** Adds the expanded member to every item, in as few queries as it can; `context` tells it the day (standings). */
  load: (db: Tx, items: Item[], context: FilterContext) => void;
  /**
   * The columns it adds to a CSV export (summitName, partyNames), each a cell of the expanded
   * item; an expansion without them cannot be asked for with CSV.
   */
  csv?: Record<string, (item: Item) => unknown>;
}

/**
 * The long layout of a CSV export: one row per item and member of a to-many expansion (a
 * commitment and each of its parties), the member's columns in place of the list they replace.
 */
export interface LongLayout<Item> {
  /** What one row stands for. */
  description: string;
  /** The expansion the rows come from; layout=long implies it. */
  expand: string;
  /** The member whose column the row's columns take the place of. */
  replaces: string;
  columns: readonly string[];
  rows: (item: Item) => Record<string, unknown>[];
}

/**
 * A sort key: a column of the collection, or a value computed from related rows (the earliest
 * target year), which is selected with each row so that a cursor can carry it. A computed key
 * chooses its expression by direction, so that it can put the rows without a value last either way.
 */
export type SortSpec =
  | { column: SQLiteColumn; nullable: boolean }
  | { computed: (desc: boolean) => { expression: SQL; nullable: boolean }; description: string };

export interface ListSpec<Row extends object, Item extends object> {
  /** The collection, as in its path: `summits`, `summits/participants`. */
  name: string;
  /** The name of its CSV export, when `name` will not do. */
  fileName?: string;
  table: SQLiteTable;
  /** The key that makes the order total (the id, or the participant within a summit) and its value. */
  idColumn: SQLiteColumn;
  idOf: (row: Row) => string;
  /** Members that `fields` always keeps: what identifies an item. */
  keyFields: readonly string[];
  createdAt: SQLiteColumn;
  filters: Record<string, FilterSpec>;
  sorts: Record<string, SortSpec>;
  search?: SearchSpec;
  expand?: Record<string, ExpandSpec<Item>>;
  long?: LongLayout<Item>;
  /** The order without a `sort` parameter (and without `q`); `-createdAt` when not given. */
  defaultSort?: { name: string; desc: boolean }[];
  /** The members of an item, in the order the API (and the CSV header) shows them. */
  fields: readonly string[];
  present: (db: Tx, rows: Row[]) => Item[];
}

/** A parsed list query: plain data, no SQL. */
export interface ListRequest {
  limit: number;
  limitGiven: boolean;
  cursor?: string;
  sort: { name: string; desc: boolean }[];
  filters: { name: string; conditions: Condition[] }[];
  q?: string;
  fields?: string[];
  expand: string[];
  format?: 'json' | 'csv';
  layout: 'wide' | 'long';
  /** The filters, sort and search in a canonical form: what a cursor must have been issued for. */
  canonical: string;
}

/* ---------- parsing the query string ---------- */

/** A query parameter given once: Express makes a repeated one an array. */
export const once = z.string({ error: 'must be given once' });

export const limitParam = once
  .regex(/^\d+$/, `must be an integer between 1 and ${MAX_LIMIT}`)
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_LIMIT, `must be between 1 and ${MAX_LIMIT}`)
  .optional()
  .meta({ description: 'Page size', type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } as never);

const cursorParam = once
  .min(1, 'is not a cursor this service issued')
  .max(2000, 'is too long: a cursor this service issues has at most 2000 characters')
  .optional()
  .meta({ description: 'The nextCursor of the previous page; only valid with the same filters, sort and q' });

/** A comma list of names from `allowed`; `what` names them in the message. */
const nameList = (what: string, allowed: readonly string[], description: string) =>
  once
    .transform((value, ctx) => {
      const items = value.split(',').map((s) => s.trim());
      const unknown = items.filter((i) => !allowed.includes(i));
      if (unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `unknown ${what} ${unknown.join(', ')}; allowed: ${allowed.join(', ')}` });
      }
      return items;
    })
    .optional()
    .meta({ description, type: 'string' });

/** FTS5 query text from what a person typed: each word must occur; `word*` matches a prefix. */
export function ftsQuery(q: string): string | undefined {
  const terms = q.normalize('NFC').match(/[\p{L}\p{M}\p{N}_]+\*?/gu) ?? [];
  if (terms.length === 0) return undefined;
  return terms.map((t) => (t.endsWith('*') ? `"${t.slice(0, -1)}"*` : `"${t}"`)).join(' ');
}

function filterDescription(filter: FilterSpec, name: string): string {
  return (
    `${filter.description ?? `Filter on ${name}`}. Operators: ${operatorsOf(filter).join(', ')}` +
    (filter.values ? `. Values: ${filter.values.join(', ')}` : '') +
    (filter.type === 'date' && !filter.build
      ? '. A partial date is the whole period it names and matches only when all of it does: gte.2024-08-01 includes 2024-08, gte.2023 includes 2023-05-19, lt.2025 excludes 2025-03, eq.2024 is all of 2024; a period that straddles the bound matches neither gte nor lt'
      : '') +
    `. Repeat the parameter (up to ${MAX_FILTER_REPEATS} times) to AND conditions` +
    (operatorsOf(filter).some((op) => op === 'in' || op === 'nin') ? `; an in or nin list holds up to ${MAX_LIST_VALUES} values` : '')
  );
}

/** The `sort` parameter of a list: a comma list of sortable names, `-` for descending. */
function sortParam(sorts: Record<string, SortSpec>) {
  const sortable = Object.keys(sorts);
  const computed = Object.entries(sorts).flatMap(([name, sort]) => ('computed' in sort ? [`${name}: ${sort.description}`] : []));
  return once
    .transform((value, ctx) => {
      const sort: ListRequest['sort'] = [];
      const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
      const items = value.split(',').map((s) => s.trim());
      // Counted first: each item of a long list would otherwise be reported on its own, and a URL
      // of 16 KB would get an answer of hundreds.
      if (items.length > MAX_SORT_KEYS) {
        fail(`takes at most ${MAX_SORT_KEYS} fields; this one has ${items.length}`);
        return sort;
      }
      for (const item of items) {
        const desc = item.startsWith('-');
        const name = desc ? item.slice(1) : item;
        if (!sortable.includes(name)) fail(`cannot sort by "${name}"; sortable: ${sortable.join(', ')}`);
        else if (sort.some((s) => s.name === name)) fail(`names ${name} twice`);
        else sort.push({ name, desc });
      }
      return sort;
    })
    .optional()
    .meta({
      description:
        `Comma list of up to ${MAX_SORT_KEYS} of ${sortable.join(', ')}; prefix - for descending. Default -createdAt (by relevance with q)` +
        computed.map((c) => `. ${c}`).join(''),
      type: 'string',
    });
}

/** A filter parameter, given once or repeated: each value a checked condition. */
export function filterParam(name: string, filter: FilterSpec) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((given, ctx) => {
      const values = Array.isArray(given) ? given : [given];
      if (values.length > MAX_FILTER_REPEATS) {
        ctx.addIssue({ code: 'custom', message: `is given ${values.length} times; a filter may be repeated at most ${MAX_FILTER_REPEATS} times` });
        return [];
      }
      return values.flatMap((value) => {
        try {
          return [checkCondition(filter, value)];
        } catch (err) {
          if (!(err instanceof FilterError)) throw err;
          ctx.addIssue({ code: 'custom', message: err.message });
          return [];
        }
      });
    })
    .optional()
    .meta({ description: filterDescription(filter, name), ...(filter.example ? { example: filter.example } : {}) });
}

/**
 * The query schema of a list: every parameter is parsed (and documented: the OpenAPI document
 * shows the object) on its own, so that every problem is reported at once, by parameter; the
 * whole becomes a plain ListRequest.
 */
export function listQuery<Row extends object, Item extends object>(spec: ListSpec<Row, Item>) {
  // Built once per list: every app (one per test) declares its routes again, and building the
  // schema cost more than the rest of the declarations together.
  let query = listQueries.get(spec);
  if (!query) listQueries.set(spec, (query = keepParsed(buildListQuery(spec))));
  return query;
}
const listQueries = new WeakMap<object, ReturnType<typeof buildListQuery>>();

function buildListQuery<Row extends object, Item extends object>(spec: ListSpec<Row, Item>) {
  const filterParams = Object.fromEntries(Object.entries(spec.filters).map(([name, filter]) => [name, filterParam(name, filter)]));
  const parameters = z.strictObject({
    limit: limitParam,
    cursor: cursorParam,
    sort: sortParam(spec.sorts),
    fields: nameList('field', spec.fields, `Comma list of the members to return (id always included): ${spec.fields.join(', ')}`),
    ...(spec.expand
      ? { expand: nameList('expansion', Object.keys(spec.expand), `Comma list of related resources to embed: ${Object.keys(spec.expand).join(', ')}`) }
      : {}),
    ...(spec.search
      ? {
          q: once
            .max(500, 'must be at most 500 characters')
            .refine((q) => ftsQuery(q) !== undefined, 'must contain at least one word')
            .optional()
            .meta({
              description:
                `Full-text search over ${spec.search.fields.join(', ')}; every word must occur, word* matches a prefix. ` +
                'Without sort, results come by relevance, which every write to the collection shifts: to page through ' +
                'search results while others write, give a sort',
            }),
        }
      : {}),
    format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional().meta({
      description:
        'csv: the same rows as RFC 4180 CSV (or send Accept: text/csv). With expand, the CSV adds the related names as columns' +
        (spec.expand ? csvExpandDescription(spec.expand) : ''),
    }),
    ...(spec.long
      ? {
          layout: z
            .enum(['wide', 'long'], { error: 'must be wide or long' })
            .optional()
            .meta({
              description:
                `CSV only. long: one row per ${spec.long.description}, with ${spec.long.columns.join(', ')} in place of ${spec.long.replaces} ` +
                `(limit and cursor still count ${spec.name}); wide (the default): one row per item`,
            }),
        }
      : {}),
    ...filterParams,
  });
  return parameters.transform((raw, ctx): ListRequest => {
    const values = raw as Record<string, unknown>;
    const filters: ListRequest['filters'] = [];
    for (const [name, filter] of Object.entries(spec.filters)) {
      const conditions = values[name] as Condition[] | undefined;
      if (conditions === undefined) continue;
      if (filter.requires && values[filter.requires] === undefined) {
        ctx.addIssue({ code: 'custom', path: [name], message: `can only be used together with ${filter.requires}` });
      }
      filters.push({ name, conditions });
    }
    const q = values.q as string | undefined;
    const sort = raw.sort ?? (q ? [] : (spec.defaultSort ?? []));
    const canonicalFilters = filters.map(({ name, conditions }) => [name, conditions.map((c) => JSON.stringify(c)).sort()]);
    return {
      limit: raw.limit ?? DEFAULT_LIMIT,
      limitGiven: raw.limit !== undefined,
      cursor: raw.cursor,
      sort,
      filters,
      q,
      fields: raw.fields,
      expand: (values.expand as string[] | undefined) ?? [],
      format: raw.format,
      layout: (values.layout as 'wide' | 'long' | undefined) ?? 'wide',
      canonical: JSON.stringify({ s: sort, f: canonicalFilters, q: q ?? null }),
    };
  });
}

/** Which CSV columns each expansion adds, for the documentation of `format`. */
function csvExpandDescription(expand: Record<string, { csv?: Record<string, unknown> }>): string {
  const columns = Object.entries(expand).flatMap(([name, e]) => (e.csv ? [`expand=${name} adds ${Object.keys(e.csv).join(', ')}`] : []));
  const without = Object.entries(expand).flatMap(([name, e]) => (e.csv ? [] : [name]));
  return (columns.length ? `: ${columns.join('; ')}` : '') + (without.length ? `. Not with CSV: expand=${without.join(',')}` : '');
}

/** The query of a single read: only `fields` and `expand`. */
export function itemQuery<Row extends object, Item extends object>(spec: ListSpec<Row, Item>) {
  const expandable = Object.keys(spec.expand ?? {});
  return z.strictObject({
    fields: nameList('field', spec.fields, `Comma list: ${spec.fields.join(', ')}`),
    expand: nameList('expansion', expandable, `Comma list: ${expandable.join(', ')}`),
  });
}

/** The query of a list that is only paged (a derived view). */
export const pageQuery = z.strictObject({ limit: limitParam, cursor: cursorParam });
type PageQuery = z.infer<typeof pageQuery>;

/* ---------- keyset paging ---------- */

export interface Page<T> {
  data: T[];
  hasMore: boolean;
  nextCursor: string | null;
  totalCount?: number;
}

type CursorValue = string | number | null;

/**
 * One key of a keyset ordering; the last key must be unique (the id). A nullable key sorts its
 * nulls as SQLite does, as the smallest value: first ascending, last descending.
 */
interface SortKey<Row> {
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

/** Pages a list that is computed in memory (a derived view), ordered by a unique string key. */
export function memoryPage<T>(items: T[], key: (item: T) => string, query: PageQuery, fingerprint: string): Page<T> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const start = query.cursor ? String(decodeCursor(query.cursor, fingerprint, 1)[0]) : undefined;
  const rest = start === undefined ? sorted : sorted.filter((item) => key(item) > start);
  const data = rest.slice(0, limit);
  const hasMore = rest.length > limit;
  const last = data.at(-1);
  return { data, hasMore, nextCursor: hasMore && last ? encodeCursor(fingerprint, [key(last)]) : null };
}

/* ---------- running a list ---------- */

function fingerprintOf(spec: { name: string }, request: ListRequest, scopeKey = ''): string {
  return createHash('sha256').update(`${spec.name}|${scopeKey}|${request.canonical}`).digest('base64url').slice(0, 22);
}

/**
 * The WHERE conditions of the request's filters. Conditions on a related table are grouped: the
 * `shared` ones must hold on one related row together; repeated equalities
 * (participantId=A&participantId=B) each need a related row of their own.
 */
function filterConditions<Row extends object, Item extends object>(spec: ListSpec<Row, Item>, request: ListRequest, context: FilterContext): SQL[] {
  const conditions: SQL[] = [];
  const grouped = new Map<string, { wrap: (c: SQL, context: FilterContext) => SQL; shared: SQL[]; each: SQL[] }>();
  for (const { name, conditions: parsed } of request.filters) {
    const filter = spec.filters[name]!;
    const equalities = parsed.filter((c) => c.op === 'eq' || c.op === 'in');
    for (const condition of parsed) {
      const built = conditionSql(filter, condition, context);
      if (!filter.via) {
        conditions.push(built);
        continue;
      }
      const group = grouped.get(filter.via.group) ?? { wrap: filter.via.wrap, shared: [], each: [] };
      (equalities.length > 1 && equalities.includes(condition) ? group.each : group.shared).push(built);
      grouped.set(filter.via.group, group);
    }
  }
  for (const { wrap, shared, each } of grouped.values()) {
    if (each.length === 0) conditions.push(wrap(and(...shared)!, context));
    else for (const condition of each) conditions.push(wrap(and(condition, ...shared)!, context));
  }
  return conditions;
}

/** Where a list runs: a scope within a parent (one summit's participations) and the filters' context. */
export interface ListScope {
  scope?: SQL;
  scopeKey?: string;
  context?: FilterContext;
}

type RankedRow<Row> = Row & { _rank?: number } & Record<`_sort_${string}`, CursorValue>;

/** The extra column that carries a computed sort key's value. */
const computedKey = (name: string) => `_sort_${name}` as const;

const today = () => new Date().toISOString().slice(0, 10);

/** The rows of one page, the cursor of the next, and the total when asked for. */
export function runList<Row extends object, Item extends object>(
  db: Tx,
  spec: ListSpec<Row, Item>,
  request: ListRequest,
  options: ListScope & { count?: boolean; limit?: number } = {},
): { page: Page<Partial<Item>>; totalCount?: number } {
  const search = request.q && spec.search ? spec.search : undefined;
  const match = search ? sql`${sql.identifier(getTableName(search.table))} MATCH ${ftsQuery(request.q!)}` : undefined;
  const context = options.context ?? { today: today() };
  const where = and(options.scope, ...filterConditions(spec, request, context), match);

  const keys: SortKey<RankedRow<Row>>[] = [];
  if (request.sort.length > 0) {
    for (const { name, desc } of request.sort) {
      const sort = spec.sorts[name]!;
      if ('computed' in sort) {
        const { expression, nullable } = sort.computed(desc);
        keys.push({ column: expression, desc, nullable, value: (row) => row[computedKey(name)] ?? null });
      } else {
        keys.push({ column: sort.column, desc, nullable: sort.nullable, value: (row) => (row as Record<string, CursorValue>)[name] ?? null });
      }
    }
  } else if (search) {
    keys.push({ column: search.table.rank, desc: false, value: (row) => row._rank ?? null });
  } else {
    keys.push({ column: spec.createdAt, desc: true, value: (row) => (row as unknown as { createdAt: string }).createdAt });
  }
  keys.push({ column: spec.idColumn, desc: keys[0]!.desc, value: spec.idOf });

  const fingerprint = fingerprintOf(spec, request, options.scopeKey);
  const limit = options.limit ?? request.limit;
  const after = request.cursor ? afterKeys(keys, decodeCursor(request.cursor, fingerprint, keys.length)) : undefined;
  const computed = Object.fromEntries(
    keys.flatMap((key, i) => {
      const name = request.sort[i]?.name;
      return name && 'computed' in spec.sorts[name]! ? [[computedKey(name), sql<CursorValue>`${key.column}`]] : [];
    }),
  );
  const fields = { ...getTableColumns(spec.table), ...computed, ...(search ? { _rank: search.table.rank } : {}) };
  const order = keys.map((k) => (k.desc ? sqlDesc(k.column) : sqlAsc(k.column)));
  const shape: Shape = {
    fields,
    build: (condition, pageSize) =>
      (search
        ? db
            .select(fields)
            .from(spec.table)
            .innerJoin(search.table, sql`${search.table.rowid} = ${spec.table}.rowid`)
        : db.select(fields).from(spec.table)
      )
        .where(condition)
        .orderBy(...order)
        .limit(pageSize),
  };
  // One row more than the page, to learn whether more exist. The columns, join and order follow
  // from the sort and the search alone; the conditions name the rest of the shape.
  const shapeKey = JSON.stringify([request.sort, Boolean(search)]);
  const rows = selectShaped(db, spec, shapeKey, shape, and(where, after), limit + 1) as RankedRow<Row>[];
  const hasMore = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  // The values selected for the cursor alone (a computed key, the rank) are not members of an item.
  const extra = [...Object.keys(computed), ...(search ? ['_rank'] : [])];
  const items = spec.present(
    db,
    extra.length === 0
      ? (pageRows as Row[])
      : pageRows.map((selected) => {
          const row: Record<string, unknown> = { ...selected };
          for (const name of extra) delete row[name];
          return row as Row;
        }),
  );
  for (const name of request.expand) spec.expand![name]!.load(db, items, context);
  const page: Page<Partial<Item>> = {
    data: items.map((item) => project(spec, item, request)),
    hasMore,
    nextCursor: hasMore && last ? encodeCursor(fingerprint, keys.map((k) => k.value(last))) : null,
  };

  let totalCount: number | undefined;
  if (options.count) {
    const counted = search
      ? db
          .select({ n: count() })
          .from(spec.table)
          .innerJoin(search.table, sql`${search.table.rowid} = ${spec.table}.rowid`)
      : db.select({ n: count() }).from(spec.table);
    totalCount = counted.where(where).get()?.n ?? 0;
  }
  return { page, totalCount };
}

/** Only the fields asked for (and the key fields), plus what was expanded. */
function project<Item extends object>(
  spec: { keyFields: readonly string[] },
  item: Item,
  request: Pick<ListRequest, 'fields' | 'expand'>,
): Partial<Item> {
  if (!request.fields) return item;
  const keep = new Set([...spec.keyFields, ...request.fields, ...request.expand]);
  return Object.fromEntries(Object.entries(item).filter(([key]) => keep.has(key))) as Partial<Item>;
}

/* ---------- answering ---------- */

/**
 * `Link: <next>; rel="next"`, the one place a next-page link is written: under the configured
 * public base URL, or relative to the request when there is none. Never from the Host header,
 * which the client chooses. The next page is the request with `parameter` set to the cursor
 * (`after`, for the change feed).
 */
export function setNextLink(req: Request, res: Response, page: Pick<Page<unknown>, 'hasMore' | 'nextCursor'>, parameter = 'cursor'): void {
  if (!page.hasMore || !page.nextCursor) return;
  const next = new URL(req.originalUrl, 'http://base.invalid');
  next.searchParams.set(parameter, page.nextCursor);
  const base = (req.app.locals.publicBaseUrl as string | undefined) ?? '';
  res.set('Link', `<${base}${next.pathname}${next.search}>; rel="next"`);
}

/** Sends a page, with its next link. */
function sendPage<T>(req: Request, res: Response, page: Page<T>, cursorParameter?: string): void {
  setNextLink(req, res, page, cursorParameter);
  res.status(200).json(page);
}

const wantsExactCount = (req: Request) => /(^|[,;\s])count=exact(\s*($|[,;]))/i.test(req.get('Prefer') ?? '');

function wantsCsv(req: Request, request: Pick<ListRequest, 'format'>): boolean {
  if (request.format) return request.format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

/** The reply of a list request: a JSON page, or CSV, with the total when `Prefer: count=exact` asks for it. */
export function listReply<Row extends object, Item extends object>(
  db: Tx,
  spec: ListSpec<Row, Item>,
  request: ListRequest,
  scope: ListScope = {},
): StreamedReply<200> {
  return {
    status: 200,
    send: async (req, res) => {
      res.vary('Accept').vary('Prefer');
      if (wantsCsv(req, request)) {
        await sendCsv(req, res, db, spec, request, scope);
        return;
      }
      if (request.layout === 'long') {
        throw HttpProblem.invalidParameters([{ parameter: 'layout', detail: 'long is a layout of CSV: add format=csv or send Accept: text/csv' }]);
      }
      const counted = wantsExactCount(req);
      const { page, totalCount } = runList(db, spec, request, { ...scope, count: counted });
      if (counted) res.set('Preference-Applied', 'count=exact');
      sendPage(req, res, counted ? { ...page, totalCount } : page);
    },
  };
}

/** How a derived view is written as CSV: its file name, its columns and the cells of an item. */
export interface MemoryCsv<T> {
  fileName: string;
  columns: string[];
  cells: (item: T) => Record<string, unknown>;
}

/**
 * A derived view (standings) as a JSON page, or, when CSV is asked for, as CSV: one page with
 * limit or cursor, else every item.
 */
export function memoryListReply<T>(
  items: T[],
  key: (item: T) => string,
  query: PageQuery & { format?: 'json' | 'csv' },
  fingerprint: string,
  csv: MemoryCsv<T>,
): StreamedReply<200> {
  return {
    status: 200,
    send: async (req, res) => {
      res.vary('Accept');
      if (!wantsCsv(req, query)) return sendPage(req, res, memoryPage(items, key, query, fingerprint));
      const paged = query.limit !== undefined || query.cursor !== undefined;
      const page = paged ? memoryPage(items, key, query, fingerprint) : memoryPage(items, key, { limit: Math.max(items.length, 1) }, fingerprint);
      if (paged) setNextLink(req, res, page);
      const rows = page.data.map((item) => Object.fromEntries(Object.entries(csv.cells(item)).map(([column, value]) => [column, csvCell(value)])));
      await writeCsv(res, csv.fileName, csv.columns, rows);
    },
  };
}

/** A paged derived view (standings), or the change feed (whose cursor is `after`), as a reply. */
export function pageReply<T>(page: Page<T>, cursorParameter?: string): StreamedReply<200> {
  return { status: 200, send: (req, res) => sendPage(req, res, page, cursorParameter) };
}

/**
 * One item as a single read shows it: expanded and projected as asked, with the ETag of the
 * item's version. An expanded read embeds records with versions of their own, so it is never
 * answered 304 from the item's version alone.
 */
export function viewReply<Row extends object, Item extends { version: number }>(
  db: Tx,
  spec: ListSpec<Row, Item>,
  item: Item,
  query: { fields?: string[]; expand?: string[] },
  context?: FilterContext,
) {
  const expand = query.expand ?? [];
  if (expand.length > 0) {
    const loading = context ?? { today: today() };
    for (const name of expand) spec.expand![name]!.load(db, [item], loading);
  }
  return { status: 200 as const, body: project(spec, item, { fields: query.fields, expand }), version: item.version, conditional: expand.length === 0 };
}

/* ---------- documenting ---------- */

/** The documented shape of a page of `item`. */
export const pageSchema = (item: z.ZodType) =>
  z.object({ data: z.array(item), hasMore: z.boolean(), nextCursor: z.string().nullable() });

/**
 * The documented item of reads: the whole resource with its optional expansions, or (with
 * `fields`) the chosen members only.
 */
export function viewSchema(id: string, full: z.ZodObject, expansions: Record<string, z.ZodType> = {}, keyFields: readonly string[] = ['id']) {
  const optional = Object.fromEntries(Object.entries(expansions).map(([name, schema]) => [name, schema.optional()]));
  const keys = Object.fromEntries(keyFields.map((name) => [name, full.shape[name]!]));
  return z
    .union([full.extend(optional), full.partial().extend({ ...keys, ...optional })])
    .meta({ id, description: 'The resource (with expand=, related resources embedded); with fields=, only the chosen members and id' });
}

export const listResponse = (description: string, item: z.ZodType) =>
  ({
    description: `${description}. With Prefer: count=exact, also totalCount. With Accept: text/csv or format=csv, CSV.`,
    schema: pageSchema(item).extend({ totalCount: z.int().optional() }),
    headers: ['Link'],
    csv: true,
  }) satisfies ResponseSpec & { csv: true };
