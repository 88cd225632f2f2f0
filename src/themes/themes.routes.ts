import { z } from 'zod';
import type { Db } from '../db/client.js';
import { defineRoute, type Route } from '../http/route.js';
import { themesInUse } from './themes.queries.js';

const themeUseSchema = z
  .object({ theme: z.string(), agreements: z.int(), commitments: z.int() })
  .meta({ id: 'ThemeUse', example: { theme: 'climate.net_zero', agreements: 1, commitments: 1 } });

export function themeRoutes(db: Db): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/themes',
      operationId: 'listThemes',
      summary: 'Every theme slug in use, with counts of agreements and commitments',
      tags: ['Search'],
      responses: { 200: { description: 'Themes in slug order', schema: z.object({ data: z.array(themeUseSchema) }) } },
      handler: () => ({ status: 200 as const, body: { data: themesInUse(db) } }),
    }),
  ];
}
