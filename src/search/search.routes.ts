import { z } from 'zod';
import { DEFAULT_LIMIT, ftsQuery, limitParam, once } from '../http/list.js';
import { defineRoute, type Resource, type Route, type RouteDeps } from '../http/route.js';
import { SEARCH_TYPES, searchAll, type SearchType } from './search.queries.js';

const hitSchema = z
  .object({
    type: z.enum(SEARCH_TYPES),
    id: z.string(),
    title: z.string(),
    snippet: z.string().meta({ description: 'The best matching passage, the matched words in <mark>…</mark>' }),
  })
  .meta({ id: 'SearchHit' });

const tag = {
  name: 'Search',
  description: 'Reads across collections: full-text search and the themes in use.',
};

const searchQuery = z.strictObject({
  q: once
    .max(500)
    .refine((q) => ftsQuery(q) !== undefined, 'must contain at least one word')
    .meta({ description: 'Words that must all occur; word* matches a prefix', example: 'net zero' }),
  types: once
    .transform((value, ctx) => {
      const types = value.split(',').map((t) => t.trim());
      const unknown = types.filter((t) => !(SEARCH_TYPES as readonly string[]).includes(t));
      if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown type ${unknown.join(', ')}; types: ${SEARCH_TYPES.join(', ')}` });
      return [...new Set(types)] as SearchType[];
    })
    .optional()
    .meta({ description: `Comma list of ${SEARCH_TYPES.join(', ')}; all by default`, type: 'string' }),
  limit: limitParam,
});

function routes({ db }: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/search',
      operationId: 'search',
      summary: 'Full-text search across summits, agreements, commitments and participants',
      tags: [tag.name],
      query: searchQuery,
      responses: { 200: { description: 'Ranked hits, best first', schema: z.object({ data: z.array(hitSchema) }) } },
      handler: ({ query }) => ({
        status: 200 as const,
        body: { data: searchAll(db, ftsQuery(query.q)!, query.types ?? SEARCH_TYPES, query.limit ?? DEFAULT_LIMIT) },
      }),
    }),
  ];
}

export const searchResource: Resource = { tag, routes };
