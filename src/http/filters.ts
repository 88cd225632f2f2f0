// The filter language of list queries, PostgREST style: `field=value` is equality, operators come
// as a prefix (`gte.2023`, `in.(a,b)`, `like.*zero*`, `is.null`), repeated parameters are ANDed.
import { and, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, ne, not, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { coarsestFrom, dayAfter, enclosingPeriods, firstDay, lastDay } from '../domain/dates.js';
import { idPattern, isCalendarDate, THEME_SLUG } from './fields.js';

export type FilterType = 'string' | 'enum' | 'id' | 'date' | 'timestamp' | 'integer' | 'boolean' | 'theme';
export type Operator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'nin' | 'like' | 'is';

/** What a filter compares: a column, or an expression over columns (a standing derived from an action). */
export type Compared = SQLiteColumn | SQL;

export interface FilterSpec {
  type: FilterType;
  /** The column compared; it may belong to a related table reached through `via`. */
  column: Compared;
  /**
   * Text compared without regard to ASCII case (`series=g7` finds "G7"), for names people type in
   * more than one way. The column needs an index declared `COLLATE NOCASE` to serve it.
   */
  caseInsensitive?: boolean;
  values?: readonly string[];
  idPrefix?: string;
  description?: string;
  /** A value as a caller would send it, for the OpenAPI document. */
  example?: string;
  /**
   * For a column of a related table: wraps the conditions into the owner's subquery. Filters
   * that share a `via.group` are ANDed inside one subquery (a party's participantId and role).
   * `toOne`: the related row is at most one (a commitment's summit), so a negation keeps its
   * meaning and every operator of the type is offered. `context` tells the wrap the day (standings).
   */
  via?: { group: string; wrap: (condition: SQL, context: FilterContext) => SQL; toOne?: boolean };
  /** Another filter this one only makes sense with (role needs participantId). */
  requires?: string;
  /** A filter that is not a comparison on one column (overdue, heldOn): builds its condition itself from one value of its type. */
  build?: (value: string, context: FilterContext) => SQL;
}

/** What a filter (or an expansion) may depend on besides its value: the date of "today", from the app's clock. */
export interface FilterContext {
  today: string;
}

const ALL: Operator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'like', 'is'];
const ORDERED: Operator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'is'];
const OPERATORS: Record<FilterType, Operator[]> = {
  string: ALL,
  enum: ['eq', 'ne', 'in', 'nin', 'is'],
  id: ['eq', 'ne', 'in', 'nin', 'is'],
  date: ORDERED,
  timestamp: ORDERED,
  integer: ORDERED,
  boolean: ['eq', 'ne'],
  theme: ['eq', 'in'],
};
// On a related table, a negation (ne, nin, is) would ask for a related row that differs, which
// is rarely what is meant; comparisons keep their meaning within the related row.
const RELATED: Operator[] = ['eq', 'in', 'gt', 'gte', 'lt', 'lte'];

export function operatorsOf(spec: FilterSpec): Operator[] {
  if (spec.build) return ['eq'];
  return spec.via && !spec.via.toOne ? OPERATORS[spec.type].filter((op) => RELATED.includes(op)) : OPERATORS[spec.type];
}

/**
 * How many values one `in.(…)` or `nin.(…)` list holds, and how many times one filter parameter
 * may be repeated. Each value and each condition becomes a term of the SQL expression, and SQLite
 * refuses an expression deeper than 1000 terms; these keep every list query well within that.
 */
export const MAX_LIST_VALUES = 100;
export const MAX_FILTER_REPEATS = 10;

/** One parsed `field=value`: the operator and its operand(s), as sent. */
export type Condition = { op: Operator; values: string[] };

export class FilterError extends Error {}

/** Splits `in.(a,"b,c")` style lists; double quotes protect commas and parentheses. */
function splitList(body: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of body) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      items.push(current);
      current = '';
    } else current += ch;
  }
  if (quoted) throw new FilterError('has an unclosed double quote');
  items.push(current);
  return items;
}

function parseCondition(raw: string): Condition {
  const list = /^(in|nin)\.\((.*)\)$/s.exec(raw);
  if (list) {
    const values = splitList(list[2]!);
    if (values.some((v) => v === '')) throw new FilterError(`${list[1]} needs a list of values: ${list[1]}.(a,b)`);
    if (values.length > MAX_LIST_VALUES) throw new FilterError(`${list[1]} takes at most ${MAX_LIST_VALUES} values; this list has ${values.length}`);
    return { op: list[1] as Operator, values };
  }
  if (/^n?in\./.test(raw)) throw new FilterError('in and nin take a list in parentheses: in.(a,b)');
  const is = /^is\.(.*)$/s.exec(raw);
  if (is) {
    if (is[1] !== 'null' && is[1] !== 'notnull') throw new FilterError('is takes null or notnull: is.null, is.notnull');
    return { op: 'is', values: [is[1]] };
  }
  const prefixed = /^(eq|ne|gt|gte|lt|lte|like)\.(.*)$/s.exec(raw);
  if (prefixed) return { op: prefixed[1] as Operator, values: [prefixed[2]!] };
  return { op: 'eq', values: [raw] };
}

const TIMESTAMP = /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?Z?)?$/;

/**
 * A date or a UTC timestamp, in the form the service stores them (2024-05-19T09:30:00.000Z), so
 * that text comparison is time comparison: a full timestamp gets its milliseconds and its Z; a
 * shorter one stays a prefix (2024-05-19T09 is that hour).
 */
function timestampOperand(value: string): string {
  const m = TIMESTAMP.exec(value);
  const invalid = () => new FilterError('must be a date or a UTC timestamp (2024, 2024-05-19, 2024-05-19T09:30:00.000Z)');
  if (!m || !isCalendarDate(m[1]!)) throw invalid();
  const [, date, hour, minute, second, fraction] = m;
  if (hour === undefined) return date!;
  if (date!.length !== 10 || Number(hour) > 23 || Number(minute ?? 0) > 59 || Number(second ?? 0) > 59) throw invalid();
  if (second === undefined) return `${date}T${hour}${minute === undefined ? '' : `:${minute}`}`;
  return `${date}T${hour}:${minute}:${second}.${(fraction ?? '').padEnd(3, '0')}Z`;
}

/** The operand as the column stores it, or a FilterError saying what was expected. */
function operand(spec: FilterSpec, value: string): string | number | boolean {
  switch (spec.type) {
    case 'string':
      if (value.length > 500) throw new FilterError('must be at most 500 characters');
      return value;
    case 'enum':
      if (!spec.values!.includes(value)) throw new FilterError(`must be one of: ${spec.values!.join(', ')}`);
      return value;
    case 'id':
      if (!idPattern(spec.idPrefix!).test(value)) throw new FilterError(`must be an id starting with ${spec.idPrefix}_`);
      return value;
    case 'date':
      if (!isCalendarDate(value)) throw new FilterError('must be a date: YYYY, YYYY-MM or YYYY-MM-DD');
      return value;
    case 'timestamp':
      return timestampOperand(value);
    case 'integer':
      if (!/^-?\d{1,9}$/.test(value)) throw new FilterError('must be an integer');
      return Number(value);
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw new FilterError('must be true or false');
      return value === 'true';
    case 'theme':
      if (!THEME_SLUG.test(value)) throw new FilterError('must be a theme slug such as climate.net_zero');
      return value;
  }
}

/**
 * Timestamps compare by their prefix: `gte.2023` includes every moment of 2023, `lte.2024-05-19T09`
 * every moment of that hour. Stored timestamps are always complete, so the prefix is all there is
 * to it. Written as ranges on the stored text, so an index on the column serves them: "~" sorts
 * after every character a timestamp contains.
 */
function timestampCondition(column: SQLiteColumn, op: Operator, v: string): SQL {
  const after = `${v}~`;
  switch (op) {
    case 'eq':
      return and(gte(column, v), lt(column, after))!;
    case 'gt':
      return gt(column, after);
    case 'gte':
      return gte(column, v);
    case 'lt':
      return lt(column, v);
    default:
      return lt(column, after); // lte
  }
}

/** Dates whose whole period begins on or after `day`: one range, see coarsestFrom. */
const beginsOnOrAfter = (column: SQL, day: string): SQL => gte(column, coarsestFrom(day));

/**
 * Dates whose whole period ends before `day`. As text these sort before the coarsest date that
 * begins on `day`, except the coarser periods that hold that date (a prefix sorts before its
 * longer forms): `lt.2024-05-20` takes what sorts before "2024-05-20" but "2024" and "2024-05".
 */
function endsBefore(column: SQL, day: string): SQL {
  const bound = coarsestFrom(day);
  const holding = enclosingPeriods(bound);
  return holding.length > 0 ? and(lt(column, bound), notInArray(column, holding))! : lt(column, bound);
}

/**
 * A comparison of partial dates (src/domain/dates.ts): the stored date and the bound each name a
 * period, and the comparison holds when it holds for every day of the stored period. `gte` begins
 * on or after the bound begins, `gt` begins after it ends, `lt` ends before it begins, `lte` ends
 * on or before it ends, `eq` lies within it. Each is a range on the stored text (with at most two
 * values left out), so an index on the column serves it; the column is never wrapped in a function.
 */
export function dateCondition(compared: Compared, op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte', bound: string): SQL {
  const column = sql`${compared}`;
  const next = op === 'gt' || op === 'lte' ? dayAfter(lastDay(bound)) : undefined;
  switch (op) {
    case 'eq':
      // Within the bound's period: the bound itself and its longer forms.
      return and(gte(column, bound), lt(column, `${bound}~`))!;
    case 'gte':
      return beginsOnOrAfter(column, firstDay(bound));
    case 'gt':
      return next ? beginsOnOrAfter(column, next) : sql`0`;
    case 'lt':
      return endsBefore(column, firstDay(bound));
    case 'lte':
      return next ? endsBefore(column, next) : isNotNull(column);
  }
}

/**
 * Periods from `start` to `end` (NULL: not over) that certainly include some day of `date`: begun
 * by the time `date` ends, and not ended before it begins (src/domain/dates.ts, `heldOn`). Both
 * are ranges on the stored text, so an index on either column serves them.
 */
export function heldOnCondition(start: SQLiteColumn, end: SQLiteColumn, date: string): SQL {
  return and(dateCondition(start, 'lte', date), or(isNull(end), dateCondition(end, 'gte', date)))!;
}

/**
 * A theme matches itself and its children: `energy` matches `energy.nuclear_power`, not
 * `energy_policy`. One range serves both: "." is the only slug character below "/".
 */
function themeCondition(column: SQLiteColumn, v: string): SQL {
  return and(gte(column, v), lt(column, `${v}/`))!;
}

function likePattern(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`).replaceAll('*', '%');
}

/**
 * The compared expression, with the collation of a case-insensitive filter. A column is kept as
 * it is, since drizzle encodes an operand by its column (a boolean as 0 or 1); an expression
 * encodes nothing, which the text it is compared with (a series, a standing) does not need. Typed
 * as a column, which is what drizzle's comparisons are declared for; they build the same SQL.
 */
const comparedOf = (spec: FilterSpec): SQLiteColumn =>
  (spec.caseInsensitive ? sql`${spec.column} COLLATE NOCASE` : spec.column) as SQLiteColumn;

function single(spec: FilterSpec, op: Operator, raw: string): SQL {
  const v = operand(spec, raw);
  const column = comparedOf(spec);
  if (spec.type === 'theme') return themeCondition(column, v as string);
  const compare = spec.type === 'date' ? dateCondition : spec.type === 'timestamp' ? timestampCondition : undefined;
  switch (op) {
    case 'eq':
      return compare ? compare(column, 'eq', v as string) : eq(column, v);
    case 'ne':
      return compare ? not(compare(column, 'eq', v as string)) : ne(column, v);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (compare) return compare(column, op, v as string);
      return { gt, gte, lt, lte }[op](column, v);
    case 'like':
      // unicode_lower (registered on every connection) folds case beyond ASCII, which LIKE alone does not.
      return sql`unicode_lower(${column}) LIKE ${likePattern((v as string).toLowerCase())} ESCAPE '\\'`;
    default:
      throw new FilterError(`${op} is not supported here`);
  }
}

/**
 * Parses and checks one `field=value` parameter: the operator must be one the filter takes and
 * every operand of the filter's type. Throws a FilterError saying what is wrong.
 */
export function checkCondition(spec: FilterSpec, raw: string): Condition {
  if (spec.build) {
    // A value of the filter's type, without operators: overdue=true, heldOn=2023-05-19.
    operand(spec, raw);
    return { op: 'eq', values: [raw] };
  }
  const condition = parseCondition(raw);
  if (!operatorsOf(spec).includes(condition.op)) {
    throw new FilterError(`does not support ${condition.op}; use ${operatorsOf(spec).join(', ')}`);
  }
  if (condition.op !== 'is') for (const v of condition.values) operand(spec, v);
  return condition;
}

/** The SQL of a checked condition. */
export function conditionSql(spec: FilterSpec, { op, values }: Condition, context: FilterContext): SQL {
  if (spec.build) return spec.build(values[0]!, context);
  if (op === 'is') return values[0] === 'null' ? isNull(comparedOf(spec)) : isNotNull(comparedOf(spec));
  if (op === 'in' || op === 'nin') {
    const dated = spec.type === 'date' || spec.type === 'timestamp';
    if (dated || spec.type === 'theme') {
      const any = or(...values.map((v) => single(spec, 'eq', v)))!;
      return op === 'in' ? any : not(any);
    }
    const operands = values.map((v) => operand(spec, v));
    return op === 'in' ? inArray(comparedOf(spec), operands) : notInArray(comparedOf(spec), operands);
  }
  return single(spec, op, values[0]!);
}

/**
 * Whether a checked condition holds for a value computed in memory (a standing, which no column
 * holds): the equality operators of enums and ids.
 */
export function holdsFor({ op, values }: Condition, value: string | null): boolean {
  switch (op) {
    case 'eq':
      return value === values[0];
    case 'ne':
      return value !== null && value !== values[0];
    case 'in':
      return value !== null && values.includes(value);
    case 'nin':
      return value !== null && !values.includes(value);
    case 'is':
      return (value === null) === (values[0] === 'null');
    default:
      throw new FilterError(`${op} is not supported here`);
  }
}
