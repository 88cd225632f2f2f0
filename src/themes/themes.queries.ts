import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { agreementThemes, commitmentThemes } from '../db/schema.js';

export interface ThemeUse {
  theme: string;
  agreements: number;
  commitments: number;
}

/** Every theme slug in use, with how many agreements and commitments carry it. */
export function themesInUse(db: Tx): ThemeUse[] {
  return db.all<ThemeUse>(sql`
    SELECT theme, sum(agreement) AS agreements, sum(commitment) AS commitments FROM (
      SELECT ${agreementThemes.theme} AS theme, 1 AS agreement, 0 AS commitment FROM ${agreementThemes}
      UNION ALL
      SELECT ${commitmentThemes.theme}, 0, 1 FROM ${commitmentThemes}
    ) GROUP BY theme ORDER BY theme`);
}
