// Crash safety of the compiled service: several clients write (single creates, bulk creates,
// commitments with their parties and themes, assessment upserts) while the process is killed with
// SIGKILL at random moments and started again on the same file. After every kill, before the next
// start, the file itself is checked: integrity_check and foreign_key_check clean, every multi-row
// write there whole or not at all, every record with the event written in its transaction, and
// every write answered 2xx so far present. At the end each answered write is read back through
// the API and must be what its answer said.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceBuild } from './service-build.js';

const KILLS = 10;
const CLIENTS = 4;
/** Each kill comes this long after the clients start writing: between a few writes and a few hundred. */
const KILL_AFTER_MS = { min: 150, max: 1000 };
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);

const work = mkdtempSync(join(tmpdir(), 'summit-tracker-crash-'));
const dbPath = join(work, 'data', 'crash.db');
const children: ChildProcess[] = [];

/** The service as the image runs it (test/service-build.ts). */
let build: string;
beforeAll(async () => {
  build = await serviceBuild();
}, 120_000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/** Deterministic randomness from SEED, so that a failing run can be repeated with CRASH_SEED. */
function random(): number {
  let t = (randomState = (randomState + 0x6d2b79f5) | 0);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
let randomState = SEED;

interface Service {
  child: ChildProcess;
  base: string;
  exited: Promise<unknown>;
}

/** Starts dist/main.js on the database and resolves once it logs the port it listens on. */
async function start(): Promise<Service> {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: build,
    env: { ...process.env, DATABASE_PATH: dbPath, PORT: '0', LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '0', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg?.startsWith('listening on ') && entry.port) resolve(entry.port);
    });
    lines.once('close', () => reject(new Error('the service exited before it listened')));
  });
  return { child, base: `http://127.0.0.1:${port}`, exited };
}

type Json = Record<string, unknown> & { id: string };

/** The body of a 2xx answer; undefined when the request failed or the answer was cut off. */
async function send(service: Service, method: string, path: string, body: unknown): Promise<{ status: number; body: unknown } | undefined> {
  try {
    const res = await fetch(`${service.base}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  } catch {
    return undefined;
  }
}

/** What the clients were answered 2xx, by where each record reads back. */
const acknowledged: { path: string; body: Json }[] = [];
const base = { summitId: '', reportId: '', countries: [] as string[] };
const filler = (label: string) => `${label}: ${'cooperation on carbon-free technology and the energy transition; '.repeat(30)}`;

function acknowledge(res: { status: number; body: unknown } | undefined, expected: number, path: (item: Json) => string): Json[] {
  if (!res) return [];
  // Anything but a refused connection or the expected status is a failure of the service itself.
  expect(res.status, JSON.stringify(res.body)).toBe(expected);
  const { data } = res.body as { data?: Json[] };
  const items = data ?? [res.body as Json];
  for (const item of items) acknowledged.push({ path: path(item), body: item });
  return items;
}

/** One client: writes of every kind in turn until its requests start failing (the process was killed). */
async function client(service: Service, name: string): Promise<void> {
  for (let n = 0; ; n++) {
    const tag = `${name}-${n}`;
    const pick = n % 4;
    let res;
    if (pick === 0) {
      res = await send(service, 'POST', '/v1/participants', { kind: 'organization', name: `Crash single ${tag}`, description: filler(tag) });
      if (!res) return;
      acknowledge(res, 201, (p) => `/v1/participants/${p.id}`);
    } else if (pick === 1) {
      const items = Array.from({ length: 10 }, (_, i) => ({ kind: 'organization', name: `Crash bulk ${tag} #${i}`, shortName: `bulk ${tag}`, description: filler(`${tag} #${i}`) }));
      res = await send(service, 'POST', '/v1/participants', items);
      if (!res) return;
      acknowledge(res, 201, (p) => `/v1/participants/${p.id}`);
    } else {
      res = await send(service, 'POST', '/v1/commitments', {
        text: filler(`Commitment ${tag}`),
        scope: 'group',
        summitId: base.summitId,
        themes: ['energy.carbon_free_technology'],
        parties: base.countries.slice(0, 3).map((participantId, i) => ({ participantId, role: ['pledger', 'partner', 'beneficiary'][i] })),
      });
      if (!res) return;
      const [commitment] = acknowledge(res, 201, (c) => `/v1/commitments/${c.id}`);
      if (pick === 3) {
        res = await send(
          service,
          'PUT',
          `/v1/compliance-reports/${base.reportId}/assessments`,
          base.countries.slice(0, 3).map((participantId, i) => ({ commitmentId: commitment!.id, participantId, score: i - 1, rationale: filler(`Assessment ${tag}`) })),
        );
        if (!res) return;
        acknowledge(res, 200, (a) => `/v1/compliance-reports/${base.reportId}/assessments/${a.id}`);
      }
    }
  }
}

/** Checks the file as the killed process left it; returns the failures found. */
function checkFile(): string[] {
  const db = new Database(dbPath);
  const rows = (sql: string) => db.prepare(sql).all();
  const failures: string[] = [];
  const expectNone = (what: string, found: unknown[]) => {
    if (found.length > 0) failures.push(`${what}: ${JSON.stringify(found.slice(0, 5))}`);
  };
  const integrity = rows('PRAGMA integrity_check');
  if (JSON.stringify(integrity) !== JSON.stringify([{ integrity_check: 'ok' }])) failures.push(`integrity_check: ${JSON.stringify(integrity)}`);
  expectNone('foreign_key_check', rows('PRAGMA foreign_key_check'));
  // Multi-row writes are whole or absent.
  expectNone('bulk creates not whole', rows("SELECT short_name, count(*) AS n FROM participants WHERE short_name LIKE 'bulk %' GROUP BY short_name HAVING n <> 10"));
  expectNone(
    'commitments without all their parties and themes',
    rows(
      'SELECT id FROM commitments c WHERE (SELECT count(*) FROM commitment_parties WHERE commitment_id = c.id) <> 3 OR (SELECT count(*) FROM commitment_themes WHERE commitment_id = c.id) <> 1',
    ),
  );
  expectNone('assessment upserts not whole', rows('SELECT commitment_id, count(*) AS n FROM assessments GROUP BY commitment_id HAVING n <> 3'));
  // Every record comes with the event of its creation, and every event with its record.
  for (const [table, type] of [['participants', 'participant'], ['commitments', 'commitment'], ['assessments', 'assessment']]) {
    expectNone(`${table} without their event`, rows(`SELECT id FROM ${table} WHERE id NOT IN (SELECT resource_id FROM events WHERE type = '${type}.created')`));
    expectNone(`${type}.created events without their record`, rows(`SELECT resource_id FROM events WHERE type = '${type}.created' AND resource_id NOT IN (SELECT id FROM ${table})`));
  }
  const present = new Set(
    (rows('SELECT id FROM participants UNION ALL SELECT id FROM commitments UNION ALL SELECT id FROM assessments UNION ALL SELECT id FROM summits UNION ALL SELECT id FROM compliance_reports') as { id: string }[]).map(
      (row) => row.id,
    ),
  );
  expectNone('answered 2xx but missing', acknowledged.filter(({ body }) => !present.has(body.id)).map(({ body }) => body.id));
  db.close();
  return failures;
}

describe('crash safety', () => {
  it(`when the compiled service is killed with SIGKILL ${KILLS} times while clients write, then every answered write is there, whole, and the file is sound`, async () => {
    let service = await start();
    const japan = await send(service, 'POST', '/v1/summits', { name: 'Central Asia + Japan Summit', kind: 'leaders_summit' });
    base.summitId = acknowledge(japan, 201, (s) => `/v1/summits/${s.id}`)[0]!.id;
    const countries = await send(
      service,
      'POST',
      '/v1/participants',
      ['JPN', 'KAZ', 'KGZ'].map((iso3) => ({ kind: 'country', name: iso3, iso3 })),
    );
    base.countries = acknowledge(countries, 201, (p) => `/v1/participants/${p.id}`).map((p) => p.id);
    const report = await send(service, 'POST', '/v1/compliance-reports', { summitId: base.summitId, kind: 'final' });
    base.reportId = acknowledge(report, 201, (r) => `/v1/compliance-reports/${r.id}`)[0]!.id;

    const failures: string[] = [];
    for (let kill = 1; kill <= KILLS; kill++) {
      const writing = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(service, `k${kill}c${c}`)));
      await new Promise((resolve) => setTimeout(resolve, KILL_AFTER_MS.min + random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min)));
      service.child.kill('SIGKILL');
      await service.exited;
      await writing;
      failures.push(...checkFile().map((failure) => `after kill ${kill}: ${failure}`));
      service = await start();
    }

    // Read back through the API: each answered write is stored as it was answered.
    let lost = 0;
    for (let i = 0; i < acknowledged.length; i += 16) {
      await Promise.all(
        acknowledged.slice(i, i + 16).map(async ({ path, body }) => {
          const res = await fetch(`${service.base}${path}`);
          const read = res.status === 200 ? ((await res.json()) as Json) : undefined;
          if (!isDeepStrictEqual(read, body)) lost++;
        }),
      );
    }
    service.child.kill('SIGTERM');
    await service.exited;
    failures.push(...checkFile().map((failure) => `after the last stop: ${failure}`));

    console.log(
      `crash safety (seed ${SEED}): ${KILLS} SIGKILLs, ${acknowledged.length} records acknowledged, ${lost} lost or changed, ${failures.length} integrity failures`,
    );
    expect(acknowledged.length).toBeGreaterThan(KILLS);
    expect(failures).toEqual([]);
    expect(lost).toBe(0);
  }, 120_000);
});
