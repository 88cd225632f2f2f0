// Does the cost of creating a participant grow with the table? Creates participants one by one and
// in bulks of 1,000 into tables of 1,000, 10,000 and 100,000 participants, against the compiled
// service, and probes /livez every 10 ms while each bulk runs: the service has one thread, so a
// bulk that takes long keeps every other request waiting for as long.
// Results go to bench/PARTICIPANT-WRITES.md. Usage: npm run bench:writes  (about a minute on 2 cores)
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { ID_PREFIX, stamp } from '../src/db/ids.js';

const TABLE_SIZES = [1_000, 10_000, 100_000];
const SINGLE_CREATES = 300;
const BULKS = 5;
const BULK_SIZE = 1_000;
const dbPath = join(tmpdir(), 'summit-tracker-bench-writes.db');
const twoCores = cpus().length >= 2;

/**
 * A table of `size` participants, made as the service makes them (ids, triggers, search index):
 * mostly organizations and persons with no identifier, the case that used to read the whole
 * table, plus countries with ISO codes and some Wikidata ids.
 */
function prefill(size: number): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  const db = openDatabase(dbPath);
  migrateDatabase(db);
  const client = db.$client;
  client.pragma('synchronous = OFF'); // a throwaway file; the service runs with FULL
  const insert = client.prepare(
    'INSERT INTO participants (id, kind, name, iso3, wikidata_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const iso3 = (i: number) => String.fromCharCode(65 + (i % 26), 65 + (Math.floor(i / 26) % 26), 65 + (Math.floor(i / 676) % 26));
  client.transaction(() => {
    for (let i = 0; i < size; i++) {
      const { id, at } = stamp(ID_PREFIX.participant);
      if (i % 10 === 0 && i / 10 < 17_576) insert.run(id, 'country', `Country ${i}`, iso3(i / 10), null, at, at);
      else if (i % 10 === 1) insert.run(id, 'organization', `Organization ${i}`, null, `Q${1_000_000 + i}`, at, at);
      else insert.run(id, i % 2 ? 'organization' : 'person', `Participant ${i}`, null, null, at, at);
    }
  })();
  client.exec('ANALYZE');
  client.close();
}

function startServer(port: number): ChildProcess {
  // The server on core 0, this script (the client) on core 1, so that they do not share a core.
  const command = twoCores ? 'taskset' : process.execPath;
  const args = twoCores ? ['-c', '0', process.execPath, 'dist/main.js'] : ['dist/main.js'];
  return spawn(command, args, {
    env: { ...process.env, DATABASE_PATH: dbPath, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'development', RATE_LIMIT_PER_MINUTE: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function ready(base: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not become ready');
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (value: number) => value.toFixed(1);

async function post(base: string, body: unknown): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${base}/v1/participants`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${text.slice(0, 300)}`);
  return performance.now() - started;
}

/** Sends `action` while probing /livez every 10 ms; returns the action's time and the slowest probe. */
async function whileProbing(base: string, action: () => Promise<number>): Promise<{ took: number; slowestLivez: number; probes: number }> {
  let running = true;
  const probes: number[] = [];
  const prober = (async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(`${base}/livez`)).text();
      probes.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  await new Promise((r) => setTimeout(r, 30)); // the probe is in flight before the bulk is sent
  const took = await action();
  running = false;
  await prober;
  return { took, slowestLivez: Math.max(...probes), probes: probes.length };
}

interface Row {
  size: number;
  single: { p50: number; p99: number; perSecond: number };
  bulk: { median: number; max: number; slowestLivez: number };
}

execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
const rows: Row[] = [];
for (const size of TABLE_SIZES) {
  prefill(size);
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const base = `http://127.0.0.1:${port}`;
  const server = startServer(port);
  try {
    await ready(base);
    for (let i = 0; i < 20; i++) await post(base, { kind: 'organization', name: `Warm-up ${i}` });

    const singles: number[] = [];
    const singleStarted = performance.now();
    for (let i = 0; i < SINGLE_CREATES; i++) {
      singles.push(await post(base, i % 2 ? { kind: 'organization', name: `New organization ${i}` } : { kind: 'person', name: `New person ${i}` }));
    }
    const singleSeconds = (performance.now() - singleStarted) / 1000;
    singles.sort((a, b) => a - b);

    const bulks: number[] = [];
    let slowestLivez = 0;
    for (let b = 0; b < BULKS; b++) {
      const items = Array.from({ length: BULK_SIZE }, (_, i) => ({ kind: 'organization', name: `Bulk ${b}-${i}` }));
      const probed = await whileProbing(base, () => post(base, items));
      bulks.push(probed.took);
      slowestLivez = Math.max(slowestLivez, probed.slowestLivez);
    }
    bulks.sort((a, b) => a - b);
    const row: Row = {
      size,
      single: { p50: percentile(singles, 50), p99: percentile(singles, 99), perSecond: SINGLE_CREATES / singleSeconds },
      bulk: { median: percentile(bulks, 50), max: bulks.at(-1)!, slowestLivez },
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}
for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });

const report = `# Participant writes against the size of the table

Written by \`npm run bench:writes\` (bench/participant-writes.ts); do not edit by hand. Re-run after
changes to participant rules, indexes or triggers, and commit the new figures with the change.

- When: ${new Date().toISOString()}
- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}
- Server: the compiled service (\`node dist/main.js\`), LOG_LEVEL=warn, SQLite WAL with synchronous=FULL${twoCores ? ', pinned to core 0; this script on core 1' : ''}
- Table: the given number of participants before the run (90% without an ISO code or Wikidata id)
- One by one: ${SINGLE_CREATES} sequential POSTs of an organization or a person with no identifier, one connection
- Bulk: ${BULKS} POSTs of ${BULK_SIZE.toLocaleString('en')} organizations each, while /livez is requested every 10 ms;
  "slowest /livez" is the longest a health check waited while a bulk ran

| participants in the table | one by one p50 ms | p99 ms | creates/s | bulk of 1,000 median ms | slowest bulk ms | slowest /livez ms |
|---|---|---|---|---|---|---|
${rows
  .map((r) => `| ${r.size.toLocaleString('en')} | ${ms(r.single.p50)} | ${ms(r.single.p99)} | ${r.single.perSecond.toFixed(0)} | ${ms(r.bulk.median)} | ${ms(r.bulk.max)} | ${ms(r.bulk.slowestLivez)} |`)
  .join('\n')}
`;
writeFileSync(new URL('./PARTICIPANT-WRITES.md', import.meta.url), report);
console.log(report);
process.exit(0);
