// Building blocks of the request and response schemas: strings that are safe to store, partial
// dates, URLs, ids; and what turns a table's drizzle-zod schema into the API's body and record.
import { getTableColumns, is, SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';

const controlCharacters = /[\u0000-\u001F\u007F]/;
const controlCharactersExceptLineBreaks = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function safeString(max: number, forbidden: RegExp) {
  return z
    .string()
    .max(max)
    .refine((s) => s.isWellFormed(), 'must be well-formed Unicode (no lone surrogates)')
    .refine((s) => !forbidden.test(s), 'must not contain control characters');
}

/** A single-line string: names, titles, labels. */
export const line = (max: number) => safeString(max, controlCharacters);

/** A required single-line string that is not blank. */
export const requiredLine = (max: number) =>
  line(max).refine((s) => s.trim().length > 0, 'must not be blank');

/** Multi-line text: tabs and line breaks allowed, other control characters not. */
export const prose = (max: number) => safeString(max, controlCharactersExceptLineBreaks);

export const requiredProse = (max: number) =>
  prose(max).refine((s) => s.trim().length > 0, 'must not be blank');

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** True for YYYY, YYYY-MM and YYYY-MM-DD that name a real calendar year, month or day. */
export function isCalendarDate(value: string): boolean {
  const m = PARTIAL_DATE.exec(value);
  if (!m) return false;
  const [, year, month, day] = m;
  if (month === undefined) return true;
  const mm = Number(month);
  if (mm < 1 || mm > 12) return false;
  if (day === undefined) return true;
  const dd = Number(day);
  const daysInMonth = new Date(Date.UTC(Number(year), mm, 0)).getUTCDate();
  return dd >= 1 && dd <= daysInMonth;
}

export const partialDate = () =>
  z
    .string()
    .regex(PARTIAL_DATE, { error: 'must be YYYY, YYYY-MM or YYYY-MM-DD', abort: true })
    .refine(isCalendarDate, 'is not a calendar date')
    .meta({ description: 'Partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD', example: '2024-05-19' });

/**
 * Whether `later` is on or after `earlier`, compared at the precision both share: "2024" is not
 * before "2024-05-19", but "2024-05-18" is.
 */
export function notBefore(later: string, earlier: string): boolean {
  const n = Math.min(later.length, earlier.length);
  return later.slice(0, n) >= earlier.slice(0, n);
}

/** A registered domain name, internationalized top-level domains (punycode `xn--…`) included. */
const DOMAIN_NAME = /^(?=.{1,253}$)([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+(?:[a-zA-Z]{2,63}|xn--[a-zA-Z0-9-]{1,59})$/;

export const httpUrl = () =>
  z
    .url({ protocol: /^https?$/, hostname: DOMAIN_NAME, error: 'must be an http(s) URL' })
    .max(2000)
    .refine((s) => !controlCharacters.test(s), 'must not contain control characters');

export const sourceUrls = () =>
  z
    .array(httpUrl())
    .max(20)
    .refine((urls) => new Set(urls).size === urls.length, 'must not repeat a URL');

const ULID = '[0-9A-HJKMNP-TV-Z]{26}';
export const idPattern = (prefix: string) => new RegExp(`^${prefix}_${ULID}$`);

/** A reference to another record, by its typed id. */
export const ref = (prefix: string) =>
  z.string().regex(idPattern(prefix), `must be an id starting with ${prefix}_`);

export const THEME_SLUG = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;
export const themes = () =>
  z
    .array(z.string().max(100).regex(THEME_SLUG, 'must be a theme slug such as climate.net_zero'))
    .max(20)
    .refine((list) => new Set(list).size === list.length, 'must not repeat a theme');

/** The columns every stored record has and the server fills: left out of every body. */
export const serverOwned = { id: true, createdAt: true, updatedAt: true, version: true } as const;

const timestamp = () => z.string().meta({ example: '2024-05-19T09:30:00.000Z' });

/** drizzle-zod refinements of the server-owned columns, for a record's (select) schema. */
export const recordColumns = {
  createdAt: timestamp,
  updatedAt: timestamp,
  version: () => z.int().min(1),
};

/**
 * The column defaults of the table (status 'planned', isPriority false) as zod defaults, so that a
 * body that leaves them out parses to the value the row will hold: a PUT without `status` sets it
 * back to its default, as a replacement must. drizzle-zod only makes such members optional.
 * Call before adding refinements: zod cannot extend a refined object.
 */
export function withColumnDefaults<S extends z.ZodObject>(schema: S, table: SQLiteTable): S {
  const columns = getTableColumns(table) as Record<string, { hasDefault: boolean; default: unknown }>;
  const defaults = Object.fromEntries(
    Object.entries(schema.shape)
      .filter(([key]) => columns[key]?.hasDefault && columns[key].default !== undefined && !is(columns[key].default, SQL))
      .map(([key, member]) => [key, (member as z.ZodType).default(columns[key]!.default as never)]),
  );
  return schema.extend(defaults) as S;
}
