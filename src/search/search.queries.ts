import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client.js';

export const SEARCH_TYPES = ['summits', 'agreements', 'commitments', 'participants'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export interface SearchHit {
  type: SearchType;
  id: string;
  title: string;
  snippet: string;
}

/** What each searchable collection shows as a hit's title. */
const TITLES: Record<SearchType, SQL> = {
  summits: sql.raw('t.name'),
  agreements: sql.raw('t.title'),
  commitments: sql.raw("coalesce(t.summary, t.code, substr(t.text, 1, 120))"),
  participants: sql.raw('t.name'),
};

/**
 * Hits across collections, best first by BM25. Scores of different indexes are not strictly
 * comparable, but they rank like with like well enough to put the clearest matches on top.
 */
export function searchAll(db: Tx, match: string, types: readonly SearchType[], limit: number): SearchHit[] {
  const parts = types.map(
    (type) => sql`SELECT ${type} AS type, t.id AS id, ${TITLES[type]} AS title,
      snippet(${sql.identifier(`${type}_fts`)}, -1, '<mark>', '</mark>', '…', 16) AS snippet,
      bm25(${sql.identifier(`${type}_fts`)}) AS score
      FROM ${sql.identifier(`${type}_fts`)} JOIN ${sql.identifier(type)} t ON t.rowid = ${sql.identifier(`${type}_fts`)}.rowid
      WHERE ${sql.identifier(`${type}_fts`)} MATCH ${match}`,
  );
  const rows = db.all<SearchHit & { score: number }>(
    sql`SELECT type, id, title, snippet, score FROM (${sql.join(parts, sql` UNION ALL `)}) ORDER BY score, id LIMIT ${limit}`,
  );
  return rows.map(({ score: _score, ...hit }) => hit);
}
