// The benchmark's ceiling: what bare Express and one prepared better-sqlite3 statement serve on the
// same database file, with the same pragmas as the service (WAL, synchronous=FULL) and no
// middleware, validation, events, ETags or logging. The service cannot be faster than this; how
// close it comes is what the benchmark reports.
// Usage: DATABASE_PATH=<copy of the benchmark database> PORT=<port> node --import tsx bench/ceiling.ts
import Database from 'better-sqlite3';
import express from 'express';
import { ID_PREFIX, stamp } from '../src/db/ids.js';

const client = new Database(process.env.DATABASE_PATH!);
client.pragma('journal_mode = WAL');
client.pragma('synchronous = FULL');
client.pragma('foreign_keys = ON');

const COLUMNS = `id, name, kind, status, series, start_date AS startDate, end_date AS endDate, date_note AS dateNote,
  location, description, source_urls AS sourceUrls, created_at AS createdAt, updated_at AS updatedAt, version`;
const getSummit = client.prepare(`SELECT ${COLUMNS} FROM summits WHERE id = ?`);
const insertSummit = client.prepare(
  `INSERT INTO summits (id, name, kind, status, series, start_date, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
);

interface Row {
  sourceUrls: string | string[];
}
const answer = (row: Row) => ({ ...row, sourceUrls: JSON.parse(row.sourceUrls as string) as string[] });

const app = express();
// As the service: no body-hash ETag (the service's come from `version`), no X-Powered-By.
app.disable('etag');
app.disable('x-powered-by');
app.get('/summits/:id', (req, res) => {
  const row = getSummit.get(req.params.id) as Row | undefined;
  if (!row) res.status(404).end();
  else res.json(answer(row));
});
app.post('/summits', (req, res) => {
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (text += chunk));
  req.on('end', () => {
    const body = JSON.parse(text) as { name: string; kind: string; status?: string; series?: string; startDate?: string };
    const { id, at } = stamp(ID_PREFIX.summit);
    const row = insertSummit.get(id, body.name, body.kind, body.status ?? 'planned', body.series ?? null, body.startDate ?? null, at, at) as Row;
    res.status(201).json(answer(row));
  });
});
app.get('/ready', (_req, res) => {
  res.json({ status: 'pass' });
});
app.listen(Number(process.env.PORT), '127.0.0.1');
