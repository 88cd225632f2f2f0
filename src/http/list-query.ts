// The list query language of every collection (../API.md §1 "Lists"): filters, sort, keyset
// paging, total counts, field projection, expansion and full-text search, driven by one
// declarative ListSpec per collection.
import { createHash } from 'node:crypto';
import { and, count, getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { conditionFor, FilterError, operatorsOf, parseCondition, type FilterSpec } from './filters.js';
import { cursorParam, DEFAULT_LIMIT, keysetPage, limitParam, MAX_LIMIT, type CursorValue, type Page, type SortKey } from './list.js';

export interface SearchSpec {
  /** The FTS5 table whose rowids are the collection table's rowids. */
  table: SQLiteTable & { rowid: SQLiteColumn; rank: SQLiteColumn };
  fields: string[];
}

export interface ExpandSpec<Item> {
  description: string;
  /** Adds the expanded member to every item, in as few queries as it can. */
  load: (db: Tx, items: Item[]) => void;
}

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
  sorts: Record<string, { column: SQLiteColumn; nullable: boolean }>;
  search?: SearchSpec;
  expand?: Record<string, ExpandSpec<Item>>;
  /** The members of an item, in the order the API shows them. */
  fields: readonly string[];
  present: (db: Tx, rows: Row[]) => Item[];
}

export interface ListRequest {
  limit: number;
  limitGiven: boolean;
  cursor?: string;
  sort: { name: string; desc: boolean }[];
  filters: SQL[];
  q?: string;
  fields?: string[];
  expand: string[];
  format?: 'json' | 'csv';
  /** The filters, sort and search in a canonical form: what a cursor must have been issued for. */
  canonical: string;
}

const RESERVED = ['limit', 'cursor', 'sort', 'fields', 'expand', 'q', 'format'] as const;
const MAX_SORT_KEYS = 4;

type RawQuery = Record<string, string | string[]>;
type ParameterError = { parameter: string; detail: string };

/** The operator of a raw filter value, or '' when it does not parse (reported elsewhere). */
function parseConditionSafe(raw: string): string {
  try {
    return parseCondition(raw).op;
  } catch {
    return '';
  }
}

/** FTS5 query text from what a person typed: each word must occur; `word*` matches a prefix. */
export function ftsQuery(q: string): string | undefined {
  const terms = q.normalize('NFC').match(/[\p{L}\p{M}\p{N}_]+\*?/gu) ?? [];
  if (terms.length === 0) return undefined;
  return terms.map((t) => (t.endsWith('*') ? `"${t.slice(0, -1)}"*` : `"${t}"`)).join(' ');
}

function commaList(value: string): string[] {
  return value.split(',').map((s) => s.trim());
}

/** Parses a list's query string; every problem is reported, each naming its parameter. */
export function parseListQuery<Row extends object, Item extends object>(
  spec: ListSpec<Row, Item>,
  raw: RawQuery,
): { request?: ListRequest; errors: ParameterError[] } {
  const errors: ParameterError[] = [];
  const fail = (parameter: string, detail: string) => errors.push({ parameter, detail });
  const single = (name: string): string | undefined => {
    const value = raw[name];
    if (Array.isArray(value)) {
      fail(name, 'must be given once');
      return undefined;
    }
    return value;
  };

  const parsedLimit = limitParam.safeParse(raw.limit);
  if (!parsedLimit.success) fail('limit', parsedLimit.error.issues[0]!.message);
  const limit = parsedLimit.data ?? DEFAULT_LIMIT;

  const parsedCursor = cursorParam.safeParse(raw.cursor);
  if (!parsedCursor.success) fail('cursor', parsedCursor.error.issues[0]!.message);
  const cursor = parsedCursor.data;

  const sort: ListRequest['sort'] = [];
  const sortRaw = single('sort');
  if (sortRaw !== undefined) {
    for (const item of commaList(sortRaw)) {
      const desc = item.startsWith('-');
      const name = desc ? item.slice(1) : item;
      if (!Object.hasOwn(spec.sorts, name)) fail('sort', `cannot sort by "${name}"; sortable: ${Object.keys(spec.sorts).join(', ')}`);
      else if (sort.some((s) => s.name === name)) fail('sort', `names ${name} twice`);
      else sort.push({ name, desc });
    }
    if (sort.length > MAX_SORT_KEYS) fail('sort', `takes at most ${MAX_SORT_KEYS} fields`);
  }

  let fields: string[] | undefined;
  const fieldsRaw = single('fields');
  if (fieldsRaw !== undefined) {
    fields = commaList(fieldsRaw);
    const unknown = fields.filter((f) => !spec.fields.includes(f));
    if (unknown.length > 0 || fields.length === 0) fail('fields', `unknown field ${unknown.join(', ')}; fields: ${spec.fields.join(', ')}`);
  }

  let expand: string[] = [];
  const expandRaw = single('expand');
  if (expandRaw !== undefined) {
    expand = commaList(expandRaw);
    const names = Object.keys(spec.expand ?? {});
    const unknown = expand.filter((e) => !names.includes(e));
    if (unknown.length > 0) fail('expand', `cannot expand ${unknown.join(', ')}${names.length ? `; expandable: ${names.join(', ')}` : ''}`);
  }

  let q: string | undefined;
  const qRaw = single('q');
  if (qRaw !== undefined) {
    if (!spec.search) fail('q', 'full-text search is not available on this list');
    else if (qRaw.length > 500) fail('q', 'must be at most 500 characters');
    else if (!ftsQuery(qRaw)) fail('q', 'must contain at least one word');
    else q = qRaw;
  }

  const formatRaw = single('format');
  if (formatRaw !== undefined && formatRaw !== 'json' && formatRaw !== 'csv') fail('format', 'must be json or csv');
  const format = formatRaw as ListRequest['format'];

  const filters: SQL[] = [];
  const canonicalFilters: [string, string[]][] = [];
  // Conditions on a related table, by group: `shared` must hold on one related row together;
  // `each` are repeated equalities (participantId=A&participantId=B), each needing a row of its own.
  const grouped = new Map<string, { wrap: (c: SQL) => SQL; shared: SQL[]; each: SQL[] }>();
  for (const [name, value] of Object.entries(raw)) {
    if ((RESERVED as readonly string[]).includes(name)) continue;
    const filter = Object.hasOwn(spec.filters, name) ? spec.filters[name] : undefined;
    if (!filter) {
      fail(name, 'is not a known parameter or filter');
      continue;
    }
    if (filter.requires && raw[filter.requires] === undefined) {
      fail(name, `can only be used together with ${filter.requires}`);
      continue;
    }
    const values = Array.isArray(value) ? value : [value];
    canonicalFilters.push([name, [...values].sort()]);
    const equalities = values.filter((v) => ['eq', 'in'].includes(parseConditionSafe(v)));
    for (const v of values) {
      try {
        const condition = conditionFor(filter, v);
        if (!filter.via) {
          filters.push(condition);
          continue;
        }
        const group = grouped.get(filter.via.group) ?? { wrap: filter.via.wrap, shared: [], each: [] };
        (equalities.length > 1 && equalities.includes(v) ? group.each : group.shared).push(condition);
        grouped.set(filter.via.group, group);
      } catch (err) {
        if (err instanceof FilterError) fail(name, err.message);
        else throw err;
      }
    }
  }
  for (const { wrap, shared, each } of grouped.values()) {
    if (each.length === 0) filters.push(wrap(and(...shared)!));
    else for (const condition of each) filters.push(wrap(and(condition, ...shared)!));
  }

  if (errors.length > 0) return { errors };
  canonicalFilters.sort(([a], [b]) => (a < b ? -1 : 1));
  return {
    errors,
    request: {
      limit,
      limitGiven: raw.limit !== undefined,
      cursor,
      sort,
      filters,
      q,
      fields,
      expand,
      format,
      canonical: JSON.stringify({ s: sort, f: canonicalFilters, q: q ?? null }),
    },
  };
}

/** The query schema of a list: parses into a ListRequest, reporting problems by parameter. */
export function listQuery<Row extends object, Item extends object>(spec: ListSpec<Row, Item>) {
  // z.custom keeps the object as Express parsed it: z.record would copy it and lose a "__proto__".
  return z
    .custom<RawQuery>((value) => typeof value === 'object' && value !== null)
    .transform((raw, ctx) => {
      const { request, errors } = parseListQuery(spec, raw);
      for (const e of errors) ctx.addIssue({ code: 'custom', path: [e.parameter], message: e.detail });
      return request ?? z.NEVER;
    });
}

/** The same parameters, one by one, for the OpenAPI document. */
export function listQueryDoc<Row extends object, Item extends object>(spec: ListSpec<Row, Item>) {
  const text = (description: string) => z.string().optional().meta({ description });
  const filterDocs = Object.fromEntries(
    Object.entries(spec.filters).map(([name, filter]) => [
      name,
      text(
        `${filter.description ?? `Filter on ${name}`}. Operators: ${operatorsOf(filter).join(', ')}` +
          (filter.values ? `. Values: ${filter.values.join(', ')}` : '') +
          (filter.type === 'date' ? '. Partial dates compare by prefix: gte.2023 includes 2023-05-19' : ''),
      ),
    ]),
  );
  return z.object({
    limit: z.int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT).optional().meta({ description: 'Page size' }),
    cursor: text('The nextCursor of the previous page; only valid with the same filters, sort and q'),
    sort: text(`Comma list of ${Object.keys(spec.sorts).join(', ')}; prefix - for descending. Default -createdAt (by relevance with q)`),
    fields: text(`Comma list of the members to return (id always included): ${spec.fields.join(', ')}`),
    ...(spec.expand ? { expand: text(`Comma list of related resources to embed: ${Object.keys(spec.expand).join(', ')}`) } : {}),
    ...(spec.search
      ? {
          q: text(
            `Full-text search over ${spec.search.fields.join(', ')}; every word must occur, word* matches a prefix. ` +
              'Without sort, results come by relevance, which every write to the collection shifts: to page through ' +
              'search results while others write, give a sort',
          ),
        }
      : {}),
    format: z.enum(['json', 'csv']).optional().meta({ description: 'csv: the same rows as RFC 4180 CSV (or send Accept: text/csv)' }),
    ...filterDocs,
  });
}

function fingerprintOf(spec: { name: string }, request: ListRequest, scopeKey = ''): string {
  return createHash('sha256').update(`${spec.name}|${scopeKey}|${request.canonical}`).digest('base64url').slice(0, 22);
}

type RankedRow<Row> = Row & { _rank?: number };

/** The rows of one page, the cursor of the next, and the total when asked for. */
export function runList<Row extends object, Item extends object>(
  db: Tx,
  spec: ListSpec<Row, Item>,
  request: ListRequest,
  options: { scope?: SQL; scopeKey?: string; count?: boolean; limit?: number } = {},
): { page: Page<Partial<Item>>; totalCount?: number } {
  const search = request.q && spec.search ? spec.search : undefined;
  const match = search ? sql`${sql.identifier(getTableName(search.table))} MATCH ${ftsQuery(request.q!)}` : undefined;
  const where = and(options.scope, ...request.filters, match);

  const keys: SortKey<RankedRow<Row>>[] = [];
  if (request.sort.length > 0) {
    for (const { name, desc } of request.sort) {
      const { column, nullable } = spec.sorts[name]!;
      keys.push({ column, desc, nullable, value: (row) => (row as Record<string, CursorValue>)[name] ?? null });
    }
  } else if (search) {
    keys.push({ column: search.table.rank, desc: false, value: (row) => row._rank ?? null });
  } else {
    keys.push({ column: spec.createdAt, desc: true, value: (row) => (row as unknown as { createdAt: string }).createdAt });
  }
  keys.push({ column: spec.idColumn, desc: keys[0]!.desc, value: spec.idOf });

  const columns = getTableColumns(spec.table);
  const page = keysetPage<RankedRow<Row>, Item>({
    query: { limit: options.limit ?? request.limit, cursor: request.cursor },
    fingerprint: fingerprintOf(spec, request, options.scopeKey),
    keys,
    fetch: (after, orderBy, limit) => {
      const select = search
        ? db
            .select({ ...columns, _rank: search.table.rank })
            .from(spec.table)
            .innerJoin(search.table, sql`${search.table.rowid} = ${spec.table}.rowid`)
        : db.select(columns).from(spec.table);
      return select
        .where(and(where, after))
        .orderBy(...orderBy)
        .limit(limit)
        .all() as RankedRow<Row>[];
    },
    present: (rows) => {
      const items = spec.present(
        db,
        rows.map(({ _rank, ...row }) => row as unknown as Row),
      );
      for (const name of request.expand) spec.expand![name]!.load(db, items);
      return items;
    },
  });

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
  return { page: { ...page, data: page.data.map((item) => project(spec, item, request)) }, totalCount };
}

/** Only the fields asked for (and the key fields), plus what was expanded. */
export function project<Item extends object>(
  spec: { keyFields: readonly string[] },
  item: Item,
  request: Pick<ListRequest, 'fields' | 'expand'>,
): Partial<Item> {
  if (!request.fields) return item;
  const keep = new Set([...spec.keyFields, ...request.fields, ...request.expand]);
  return Object.fromEntries(Object.entries(item).filter(([key]) => keep.has(key))) as Partial<Item>;
}
