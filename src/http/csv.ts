// CSV in and out (RFC 4180, through csv-stringify and csv-parse). The columns come from the
// resource schema, never from the data: arrays of values are joined with ";", arrays of objects
// (targets, parties) are written as JSON, null is an empty cell.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify';
import type { z } from 'zod';
import type { Tx } from '../db/client.js';
import { runList, setNextLink, type ListRequest, type ListScope, type ListSpec } from './list.js';
import { HttpProblem } from './problem.js';

/** The most rows one CSV export holds; narrow the filters, or page with limit and cursor, for more. */
export const CSV_MAX_ROWS = 100_000;
const CHUNK = 1000;

/**
 * Text a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`, a tab or carriage
 * return first) is exported behind a `'`, which spreadsheets show as text; so is text that already
 * begins with `'`, so that an import, which removes one leading `'`, gives back exactly what was stored.
 */
const FORMULA_START = /^[=+\-@\t\r']/;
const guarded = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    if (!value.every((v) => v === null || typeof v !== 'object')) return JSON.stringify(value);
    const joined = value.join(';');
    return value.some((v) => typeof v === 'string') ? guarded(joined) : joined;
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return typeof value === 'string' ? guarded(value) : String(value);
}

function columnsOf(spec: { fields: readonly string[]; keyFields: readonly string[] }, request: Pick<ListRequest, 'fields'>): string[] {
  if (!request.fields) return [...spec.fields];
  return spec.fields.filter((f) => spec.keyFields.includes(f) || request.fields!.includes(f));
}

/**
 * The columns of an export and how an item becomes its rows: the members of the schema (or of
 * `fields`), with the long layout's columns in place of the list they replace, then the columns
 * of each expansion asked for, in the order the spec declares them. Fixed by the request, never
 * by the data. An expansion that has no columns is refused.
 */
function csvLayout<Row extends object, Item extends object>(spec: ListSpec<Row, Item>, request: ListRequest) {
  const expansions = spec.expand ?? {};
  const withoutColumns = request.expand.filter((name) => !expansions[name]!.csv);
  if (withoutColumns.length > 0) {
    const offered = Object.keys(expansions).filter((name) => expansions[name]!.csv);
    throw HttpProblem.invalidParameters([
      {
        parameter: 'expand',
        detail: `${withoutColumns.join(', ')} cannot be used with CSV` + (offered.length ? `; with CSV, expand takes ${offered.join(', ')}` : ''),
      },
    ]);
  }
  const long = request.layout === 'long' ? spec.long : undefined;
  const expand = long && !request.expand.includes(long.expand) ? [...request.expand, long.expand] : request.expand;
  const cellsOf = Object.entries(expansions)
    .filter(([name]) => request.expand.includes(name) && name !== long?.expand)
    .flatMap(([, e]) => Object.entries(e.csv!));
  const base = columnsOf(spec, request);
  const columns = !long ? base : base.includes(long.replaces) ? base.flatMap((c) => (c === long.replaces ? [...long.columns] : [c])) : [...base, ...long.columns];
  columns.push(...cellsOf.map(([column]) => column));
  const rowsOf = (item: Item): Record<string, string>[] => {
    const cells = (source: Record<string, unknown>, names: readonly string[]) =>
      names.map((c) => [c, csvCell(expand.includes(c) ? withoutEmbedded(source[c]) : source[c])]);
    const row = Object.fromEntries([...cells(item as Record<string, unknown>, base), ...cellsOf.map(([c, cell]) => [c, csvCell(cell(item))])]);
    if (!long) return [row];
    delete row[long.replaces];
    const members = long.rows(item);
    // An item without members still has its row, with the member's cells empty.
    return (members.length ? members : [{}]).map((member) => ({ ...row, ...Object.fromEntries(cells(member, long.columns)) }));
  };
  return { columns, request: { ...request, expand }, rowsOf };
}

/**
 * A member that an expansion embeds into (a commitment's parties, each given its participant) as
 * the schema has it: the embedded records are the expansion's columns, not part of the cell.
 */
function withoutEmbedded(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((element: unknown) =>
    element !== null && typeof element === 'object'
      ? Object.fromEntries(Object.entries(element).filter(([, member]) => member === null || typeof member !== 'object'))
      : element,
  );
}

/**
 * The rows of the list as CSV. With limit or cursor it is one page (and Link names the next);
 * without, every matching row up to CSV_MAX_ROWS, streamed in chunks.
 */
export async function sendCsv<Row extends object, Item extends object>(
  req: Request,
  res: Response,
  db: Tx,
  spec: ListSpec<Row, Item>,
  given: ListRequest,
  scope: ListScope,
): Promise<void> {
  const { columns, request, rowsOf } = csvLayout(spec, given);
  const paged = request.limitGiven || request.cursor !== undefined;
  let page = runList(db, spec, request, { ...scope, limit: paged ? request.limit : Math.min(CHUNK, CSV_MAX_ROWS) }).page;
  if (paged) setNextLink(req, res, page);

  // A generator read by pipeline(): rows are fetched a chunk at a time as the client takes them,
  // and a client that goes away stops the export instead of leaving it waiting.
  function* records(): Generator<Record<string, string>> {
    let written = 0;
    for (;;) {
      for (const item of page.data) yield* rowsOf(item as Item);
      written += page.data.length;
      if (paged || !page.hasMore || written >= CSV_MAX_ROWS) return;
      page = runList(db, spec, { ...request, cursor: page.nextCursor ?? undefined }, {
        ...scope,
        limit: Math.min(CHUNK, CSV_MAX_ROWS - written),
      }).page;
    }
  }
  await writeCsv(res, spec.fileName ?? spec.name, columns, records());
}

/** Streams `records` as an RFC 4180 attachment named `<fileName>.csv`, under a header of `columns`. */
export async function writeCsv(res: Response, fileName: string, columns: string[], records: Iterable<Record<string, string>>): Promise<void> {
  res.status(200).type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${fileName}.csv"`);
  try {
    await pipeline(Readable.from(records), stringify({ header: true, columns, record_delimiter: '\r\n' }), res);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
  }
}

/** The header row, refused when a column repeats (one of its cells would be silently dropped). */
function uniqueColumns(header: string[]): string[] {
  // With a Set, not indexOf: a 1 MB header of short names holds 150,000 of them.
  const seen = new Set<string>();
  const repeated = new Set(header.filter((column) => seen.has(column) || !seen.add(column)));
  if (repeated.size > 0) throw new Error(`the header names ${[...repeated].join(', ')} more than once`);
  return header;
}

type CellKind = 'text' | 'number' | 'boolean' | 'list' | 'json';

/** What a column holds, read off the (writable) zod schema of the resource. */
function kindOf(schema: z.ZodType): CellKind {
  const def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType } } })._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
      return kindOf(def.innerType!);
    case 'pipe':
      return kindOf(def.in!);
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return kindOf(def.element!) === 'json' ? 'json' : 'list';
    case 'object':
      return 'json';
    default:
      return 'text';
  }
}

/**
 * Rows of a CSV body as the objects a JSON array would hold: an empty cell is an absent member;
 * numbers, booleans, lists and JSON cells are decoded, and a cell that does not decode is left as
 * text, for validation to point at.
 */
export function parseCsvBody(text: string, shape: Record<string, z.ZodType>): Record<string, unknown>[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: uniqueColumns, bom: true, skip_empty_lines: true, trim: false });
  } catch (err) {
    throw new HttpProblem('bad_request', `The CSV body is malformed: ${(err as Error).message}`);
  }
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row)
        .filter(([, cell]) => cell !== '')
        // Own members only: a column named constructor or __proto__ must not find Object's.
        .map(([column, cell]) => [column, decode(Object.hasOwn(shape, column) ? kindOf(shape[column]!) : 'text', unguarded(cell))]),
    ),
  );
}

/** One leading `'` is the export's guard against formulas (see csvCell): it is not part of the value. */
const unguarded = (cell: string) => (cell.startsWith("'") ? cell.slice(1) : cell);

function decode(kind: CellKind, cell: string): unknown {
  switch (kind) {
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
    case 'boolean':
      return cell === 'true' ? true : cell === 'false' ? false : cell;
    case 'list':
      return cell.split(';');
    case 'json':
      try {
        return JSON.parse(cell);
      } catch {
        return cell;
      }
    default:
      return cell;
  }
}
