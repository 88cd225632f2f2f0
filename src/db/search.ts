// The FTS5 tables made by migrations/0002_search.sql, declared for queries only: drizzle-kit reads
// schema.ts, so these are never generated as ordinary tables.
import { integer, real, sqliteTable } from 'drizzle-orm/sqlite-core';

const ftsTable = (name: string) => sqliteTable(name, { rowid: integer(), rank: real() });

export const participantsFts = ftsTable('participants_fts');
export const summitsFts = ftsTable('summits_fts');
export const agreementsFts = ftsTable('agreements_fts');
export const commitmentsFts = ftsTable('commitments_fts');
