// Query strings parsed once per schema: the same list is asked for again and again (a dashboard
// polling a page, the first page of a collection), and parsing a list's parameters cost a tenth of
// answering it. Only schemas that are pure functions of the query string are marked for this.
import type { z } from 'zod';
import { keep, recall } from '../lru.js';

/** Parsed query strings kept per schema: the most recently used, of at most MAX_KEPT_LENGTH characters. */
const KEPT_PER_SCHEMA = 500;
const MAX_KEPT_LENGTH = 512;
const kept = new WeakMap<z.ZodType, Map<string, unknown>>();

/** Marks `schema` as depending on nothing but the query string, so that its results may be kept. */
export function keepParsed<T extends z.ZodType>(schema: T): T {
  kept.set(schema, new Map());
  return schema;
}

/**
 * The query parsed by `schema`: `parse` runs unless a kept schema has already parsed this query
 * string (`raw`). A kept result is frozen, so that no handler can change what the next request gets.
 */
export function parsedQuery(schema: z.ZodType, raw: string, parse: () => z.ZodSafeParseResult<unknown>): z.ZodSafeParseResult<unknown> {
  const results = kept.get(schema);
  if (!results || raw.length > MAX_KEPT_LENGTH) return parse();
  const found = recall(results, raw);
  if (found !== undefined) {
    return { success: true, data: found } as z.ZodSafeParseResult<unknown>;
  }
  const parsed = parse();
  if (parsed.success) keep(results, raw, deepFreeze(parsed.data), KEPT_PER_SCHEMA);
  return parsed;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
