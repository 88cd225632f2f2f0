import { z } from 'zod';
import { defineRoute, type Resource, type Route, type RouteDeps } from '../http/route.js';
import { searchResource } from '../search/search.routes.js';
import { themesInUse } from './themes.queries.js';

const themeUseSchema = z
  .object({ theme: z.string(), agreements: z.int(), commitments: z.int() })
  .meta({ id: 'ThemeUse', example: { theme: 'climate.net_zero', agreements: 1, commitments: 1 } });

function routes({ db }: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/themes',
      operationId: 'listThemes',
      summary: 'Every theme slug in use, with counts of agreements and commitments',
      tags: [searchResource.tag.name],
      responses: { 200: { description: 'Themes in slug order', schema: z.object({ data: z.array(themeUseSchema) }) } },
      handler: () => ({ status: 200 as const, body: { data: themesInUse(db) } }),
    }),
  ];
}

/** Themes are a cross-collection read, documented with search. */
export const themeResource: Resource = { tag: searchResource.tag, routes };
