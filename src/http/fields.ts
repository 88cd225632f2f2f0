// Building blocks of the request schemas: strings that are safe to store, partial dates, URLs, ids.
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

/** Fields the server owns: naming them in a body is an error, with its own message. */
export const READ_ONLY_FIELDS = new Set(['id', 'createdAt', 'updatedAt', 'version', 'progressStatus']);

/** The server-owned members of every stored resource: `id` leads it, the rest close it. */
export const recordId = { id: z.string() };
export const recordStamps = {
  createdAt: z.string().meta({ example: '2024-05-19T09:30:00.000Z' }),
  updatedAt: z.string().meta({ example: '2024-05-19T09:30:00.000Z' }),
  version: z.int().min(1),
};
