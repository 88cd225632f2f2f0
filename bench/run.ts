// The load benchmark: builds the service, seeds the benchmark database, and measures the compiled
// service against two references on copies of the same data: a ceiling (bench/ceiling.ts: bare
// Express, one prepared statement per request) and json-server 0.17.4 (what a user might pick
// instead). This machine's speed drifts by tens of percent within a minute, so the servers are
// measured in short alternating bursts and compared burst by burst, never run after run.
// Servers run on core 0, the load generator (this process) on core 1.
// Figures go to bench/RESULTS.md, between the markers. Usage: npm run bench  (about 8 minutes);
// BENCH_ROUNDS=<n> for fewer rounds while trying a change.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { createKey } from '../src/auth/keys.js';
import { openDatabase } from '../src/db/client.js';
import { CSV_THEME, seed, SIZES } from './seed.js';
import { serviceCommand } from './service-command.js';

const BURST_SECONDS = 3;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const CONNECTIONS = 10;
/** The paced load, as a share of the service's saturated throughput of the same request. */
const PACED_SHARE = 0.4;
const TARGETS = { getRatio: 0.8, jsonServerRatio: 3.5, listShare: 0.45, createRatio: 0.8, pacedLatency: 1.5, rssMb: 150 };

const work = join(tmpdir(), 'summit-tracker-bench');
mkdirSync(work, { recursive: true });
const file = (name: string) => join(work, name);

// The load generator on core 1; every server is started on core 0.
const pinned = pin(process.pid);
function pin(pid: number): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', '1', String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('taskset is not available: servers and load generator share every core');
    return false;
  }
}
const onCore0 = (command: string[]) => (pinned ? ['taskset', '-c', '0', ...command] : command);

const started = new Date();
const loadBefore = loadavg();
execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
const seedStarted = Date.now();
// BENCH_REUSE_SEED=1 keeps the database of the previous run (for quick checks while changing the service).
const reused = Boolean(process.env.BENCH_REUSE_SEED) && existsSync(file('base.db'));
const participantIds = reused ? seededParticipants() : seed(file('base.db')).participantIds;
const seedSeconds = (Date.now() - seedStarted) / 1000;
function seededParticipants(): string[] {
  const db = new Database(file('base.db'), { readonly: true });
  const ids = (db.prepare('SELECT id FROM participants ORDER BY rowid').pluck().all() as string[]);
  db.close();
  return ids;
}
// A copy of the closed, checkpointed file; the WAL a previous run left next to it would be replayed into it.
for (const name of ['service.db', 'ceiling.db']) {
  for (const suffix of ['-wal', '-shm']) rmSync(file(name + suffix), { force: true });
  copyFileSync(file('base.db'), file(name));
}

// The service runs as deployed: production, an API key on every request, the rate limiter on (with
// a limit the benchmark never reaches) and the request log written to a file at level info.
const serviceDb = openDatabase(file('service.db'));
const { secret } = createKey(serviceDb, 'benchmark', ['read', 'write']);
serviceDb.$client.close();

// The same summits, as the service answers them, for json-server and for choosing ids.
const base = new Database(file('base.db'), { readonly: true });
const summitRows = base
  .prepare(
    `SELECT id, name, kind, status, series, start_date AS startDate, end_date AS endDate, date_note AS dateNote, location,
       description, source_urls AS sourceUrls, created_at AS createdAt, updated_at AS updatedAt, version FROM summits`,
  )
  .all() as { id: string; sourceUrls: string }[];
base.close();
writeFileSync(file('db.json'), JSON.stringify({ summits: summitRows.map((row) => ({ ...row, sourceUrls: JSON.parse(row.sourceUrls) })) }));
const summitIds = Array.from({ length: 1000 }, (_, i) => summitRows[(i * 7919) % summitRows.length]!.id);

/* ---------- the servers ---------- */

interface Server {
  name: string;
  port: number;
  process: ChildProcess;
}
const servers: Server[] = [];
let nextPort = 20_000 + Math.floor(Math.random() * 20_000);
function start(name: string, command: (port: number) => string[], env: Record<string, string> = {}): Server {
  const port = nextPort++;
  const log = openSync(file(`${name}.log`), 'w');
  const [executable, ...args] = onCore0(command(port));
  const child = spawn(executable!, args, { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', log, log] });
  const server = { name, port, process: child };
  servers.push(server);
  return server;
}
process.on('exit', () => servers.forEach((s) => s.process.kill('SIGTERM')));

const service = start('service', () => serviceCommand(), {
  DATABASE_PATH: file('service.db'),
  HOST: '127.0.0.1',
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  RATE_LIMIT_PER_MINUTE: '1000000',
});
const ceiling = start('ceiling', () => [process.execPath, '--import', 'tsx', 'bench/ceiling.ts'], { DATABASE_PATH: file('ceiling.db') });
const jsonServer = start('json-server', (port) => [
  process.execPath,
  'node_modules/json-server/lib/cli/bin.js',
  '--quiet',
  '--port',
  String(port),
  file('db.json'),
]);

async function ready(server: Server, path: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${server.port}${path}`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${server.name} did not become ready; see ${file(`${server.name}.log`)}`);
}
await Promise.all([ready(service, '/readyz'), ready(ceiling, '/ready'), ready(jsonServer, `/summits/${summitIds[0]}`)]);

/* ---------- load ---------- */

/** One kind of request to one server: each call gives the next request to send. */
interface Load {
  server: Server;
  next: () => { method: 'GET' | 'POST'; path: string; body?: string };
  headers?: Record<string, string>;
}

interface Burst {
  rps: number;
  p50: number;
  p99: number;
  /** The server's CPU time (user + system) per answered request, in µs. */
  cpu: number;
}

/** CPU time a process has used so far, in µs (from /proc: clock ticks of 10 ms). */
function cpuTime(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

const auth = { Authorization: `Bearer ${secret}` };
const json = { 'Content-Type': 'application/json' };
let counter = 0;
const cycle = <T>(items: T[]) => items[counter++ % items.length]!;
const newSummit = () =>
  JSON.stringify({ name: `Benchmark summit ${counter++}`, kind: 'ministerial_meeting', status: 'held', series: 'Benchmark', startDate: '2026-05' });

const getById = (server: Server, prefix: string, headers?: Record<string, string>): Load => ({
  server,
  headers,
  next: () => ({ method: 'GET', path: `${prefix}/${cycle(summitIds)}` }),
});
const create = (server: Server, path: string, headers: Record<string, string> = {}): Load => ({
  server,
  headers: { ...headers, ...json },
  next: () => ({ method: 'POST', path, body: newSummit() }),
});
/** Nine reads to one write, at random (a fixed seed: the same sequence for every server). */
function mixed(read: Load, write: Load): Load {
  let state = 7;
  return {
    server: read.server,
    headers: { ...read.headers, ...write.headers },
    next: () => {
      state = (state * 48271) % 2147483647;
      return state % 10 === 0 ? write.next() : read.next();
    },
  };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const median = (values: number[]) => quantile([...values].sort((a, b) => a - b), 0.5);

/**
 * Drives one server for `seconds`: saturated with CONNECTIONS connections, or paced at `rate`
 * requests/s in all. Latencies are kept exactly (autocannon's own histogram rounds to whole ms).
 */
async function burst(load: Load, seconds: number, rate?: number): Promise<Burst> {
  const latencies: number[] = [];
  let finish!: (result: autocannon.Result) => void;
  let fail!: (err: unknown) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (fail = reject)));
  const instance = autocannon({
    url: `http://127.0.0.1:${load.server.port}`,
    connections: CONNECTIONS,
    duration: seconds,
    // Headers are set on each request: autocannon would keep a POST's Content-Length for the next GET.
    ...(rate ? { overallRate: rate, ignoreCoordinatedOmission: true } : {}),
    requests: [{ setupRequest: (request: object) => ({ ...request, body: undefined, headers: { ...load.headers }, ...load.next() }) }],
  }, (err, result) => (err ? fail(err) : finish(result)));
  const statuses = new Map<number, number>();
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
    else statuses.set(status, (statuses.get(status) ?? 0) + 1);
  });
  const cpuBefore = cpuTime(load.server.process.pid!);
  const result = await done;
  const cpu = cpuTime(load.server.process.pid!) - cpuBefore;
  if (statuses.size > 0 || result.errors > 0) {
    throw new Error(`${load.server.name}: non-2xx answers ${JSON.stringify([...statuses])}, ${result.errors} errors; see ${file(`${load.server.name}.log`)}`);
  }
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / (result.duration || seconds), p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), cpu: cpu / latencies.length };
}

interface Comparison {
  name: string;
  loads: Load[];
  bursts: Burst[][];
}

/**
 * Alternates bursts of each load, ROUNDS times, the order reversed every other round; after one
 * warm-up burst each. `rate` paces every load at the same rate.
 */
async function compare(name: string, loads: Load[], rate?: number): Promise<Comparison> {
  for (const load of loads) await burst(load, 1, rate);
  const bursts: Burst[][] = loads.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    const order = loads.map((_, i) => i);
    if (round % 2) order.reverse();
    for (const i of order) bursts[i]!.push(await burst(loads[i]!, BURST_SECONDS, rate));
  }
  const comparison = { name, loads, bursts };
  console.log(describe(comparison).join('\n'));
  return comparison;
}

/** Per round, the first load's figure over another's: the paired ratios, and their median. */
const ratios = (c: Comparison, other: number, pick: (b: Burst) => number) =>
  c.bursts[0]!.map((burst, round) => pick(burst) / pick(c.bursts[other]![round]!));
const summary = (c: Comparison, i: number) => ({
  rps: median(c.bursts[i]!.map((b) => b.rps)),
  p50: median(c.bursts[i]!.map((b) => b.p50)),
  p99: median(c.bursts[i]!.map((b) => b.p99)),
  cpu: median(c.bursts[i]!.map((b) => b.cpu)),
});
/**
 * Two paired ratios of the first load over another: requests/s, and the inverse of server CPU per
 * request. On a machine other work also uses, requests/s measure the share of a core each server
 * got as much as its cost; CPU per request is what throughput on a core of its own would follow.
 */
const paired = (c: Comparison, other: number) => ({
  rps: ratios(c, other, (b) => b.rps),
  cpu: ratios(c, other, (b) => 1 / b.cpu),
});
const range = (values: number[]) => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;

function describe(c: Comparison): string[] {
  return c.loads.map((load, i) => {
    const s = summary(c, i);
    const p = i === 0 ? undefined : paired(c, i);
    const ratio = (values: number[] | undefined) => (values ? `${median(values).toFixed(2)} (${range(values)})` : '');
    return `| ${c.name} | ${load.server.name} | ${s.rps.toFixed(0)} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${s.cpu.toFixed(0)} | ${ratio(p?.rps)} | ${ratio(p?.cpu)} |`;
  });
}

const serviceGet = getById(service, '/v1/summits', auth);
const serviceCreate = create(service, '/v1/summits', auth);
const ceilingGet = getById(ceiling, '/summits');
const ceilingCreate = create(ceiling, '/summits');
// Summits of a kind, latest first: 3,333 leaders' summits and 6,667 ministerial meetings.
const kinds = ['leaders_summit', 'ministerial_meeting'];
const serviceList: Load = {
  server: service,
  headers: auth,
  next: () => ({ method: 'GET', path: `/v1/summits?kind=${cycle(kinds)}&sort=-startDate&limit=50` }),
};

const get = await compare('GET /summits/{id}', [serviceGet, ceilingGet, getById(jsonServer, '/summits')]);
const list = await compare('filtered list of 50 vs GET by id', [serviceList, serviceGet]);
const created = await compare('durable create (POST /summits)', [serviceCreate, ceilingCreate]);
const mix = await compare('mixed 90% GET by id / 10% create', [mixed(serviceGet, serviceCreate), mixed(ceilingGet, ceilingCreate)]);
const getRate = Math.round(summary(get, 0).rps * PACED_SHARE);
const pacedGet = await compare(`GET by id paced at ${getRate}/s`, [serviceGet, ceilingGet], getRate);
const mixRate = Math.round(summary(mix, 0).rps * PACED_SHARE);
const pacedMix = await compare(`mixed 90/10 paced at ${mixRate}/s`, [mixed(serviceGet, serviceCreate), mixed(ceilingGet, ceilingCreate)], mixRate);

const peakRss = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${service.process.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
/** Peak resident memory of the service over the comparisons: summits, by id, in lists of 50 and created. */
const peakRssMb = peakRss();

/* ---------- the service's lists (no reference) ---------- */

const participant = participantIds[42]!;
const listScenarios = [
  { name: 'filtered, sorted list of 50 commitments (participant + status, sort dueDate)', path: `/v1/commitments?participantId=${participant}&status=adopted&sort=dueDate&limit=50`, seconds: 5 },
  { name: 'broad filter, sorted list of 50 (theme subtree + isPriority, sort -dueDate)', path: '/v1/commitments?theme=energy&isPriority=true&sort=-dueDate&limit=50', seconds: 5 },
  { name: 'full-text search, 50 best of 10,000 matches (q=nuclear)', path: '/v1/commitments?q=nuclear&limit=50', seconds: 5 },
  { name: 'CSV export of 10,000 commitments', path: `/v1/commitments?theme=${CSV_THEME}&format=csv`, seconds: 8 },
];
const listRows: string[] = [];
for (const scenario of listScenarios) {
  const load: Load = { server: service, headers: auth, next: () => ({ method: 'GET', path: scenario.path }) };
  const result = await burst(load, scenario.seconds);
  listRows.push(`| ${scenario.name} | ${result.rps.toFixed(1)} | ${result.p50.toFixed(1)} | ${result.p99.toFixed(1)} |`);
  console.log(listRows.at(-1));
}

/** And over the whole run, the lists of commitments and the CSV export of 10,000 included. */
const peakRssWholeRunMb = peakRss();
const loadAfter = loadavg();
servers.forEach((s) => s.process.kill('SIGTERM'));

/* ---------- the report ---------- */

const verdict = (met: boolean) => (met ? 'met' : '**NOT met**');
/** A throughput target, judged on both paired ratios: requests/s and CPU per request. */
function atLeast(name: string, c: Comparison, other: number, wanted?: number): string {
  const { rps, cpu } = paired(c, other);
  const [byRps, byCpu] = [median(rps), median(cpu)];
  const judge = (ratio: number) => (wanted === undefined ? '' : verdict(ratio >= wanted));
  return `| ${name} | ${wanted === undefined ? 'no target' : `≥ ${wanted}`} | ${byRps.toFixed(2)} | ${judge(byRps)} | ${byCpu.toFixed(2)} | ${judge(byCpu)} |`;
}
const latencyRatio = (c: Comparison, pick: (b: Burst) => number) => median(ratios(c, 1, pick));
const targets = [
  atLeast('GET by id, service / ceiling', get, 1, TARGETS.getRatio),
  atLeast('GET by id, service / json-server', get, 2, TARGETS.jsonServerRatio),
  atLeast("filtered list of 50 / the service's GET by id", list, 1, TARGETS.listShare),
  atLeast('durable create, service / ceiling', created, 1, TARGETS.createRatio),
  atLeast('mixed 90/10, service / ceiling', mix, 1),
  ...[pacedGet, pacedMix].flatMap((c) =>
    (['p50', 'p99'] as const).map((q) => {
      const ratio = latencyRatio(c, (b) => b[q]);
      return `| ${c.name}: ${q}, service / ceiling | ≤ ${TARGETS.pacedLatency} | ${ratio.toFixed(2)} | ${verdict(ratio <= TARGETS.pacedLatency)} | | |`;
    }),
  ),
  `| service peak RSS over the comparisons (MiB) | < ${TARGETS.rssMb} | ${peakRssMb.toFixed(0)} | ${verdict(peakRssMb < TARGETS.rssMb)} | | |`,
  `| service peak RSS over the whole run, CSV export of 10,000 commitments included (MiB) | < ${TARGETS.rssMb} | ${peakRssWholeRunMb.toFixed(0)} | ${verdict(peakRssWholeRunMb < TARGETS.rssMb)} | | |`,
];
const perBurst = (c: Comparison) =>
  c.loads.map((load, i) => `| ${c.name} | ${load.server.name} | ${c.bursts[i]!.map((b) => `${b.rps.toFixed(0)}/${b.cpu.toFixed(0)}`).join(' · ')} |`);

const figures = `<!-- figures: written by npm run bench (bench/run.ts) -->
- When: ${started.toISOString()} (run took ${((Date.now() - started.getTime()) / 60_000).toFixed(1)} min)
- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after
- Pinning: ${pinned ? 'servers on core 0 (`taskset -c 0`), autocannon on core 1' : 'none (taskset missing): servers and load share the cores'}
- Data: ${SIZES.participants.toLocaleString('en')} participants, ${SIZES.summits.toLocaleString('en')} summits, ${SIZES.agreements.toLocaleString('en')} agreements, ${SIZES.commitments.toLocaleString('en')} commitments with their parties (${reused ? 'the database of the previous run, reused' : `seeded in ${seedSeconds.toFixed(0)} s`}); each server on its own copy of the file, json-server on a db.json of the same summits
- Ratios are given twice: from requests/s, and from the server's CPU time per request (read from /proc around each burst), whose inverse is what throughput on an unshared core would follow. When other work shares the machine, requests/s measure the share of core 0 each server got as much as its own cost.
- Method: ${ROUNDS} rounds of ${BURST_SECONDS} s bursts per server, alternating (order reversed every other round), after a 1 s warm-up each; ${CONNECTIONS} connections; saturated unless paced; medians over the rounds; ratios paired burst by burst (median, and range over the rounds); latencies exact from each response (ms)

### Targets

| target | wanted | by requests/s | | by CPU per request | |
|---|---|---|---|---|---|
${targets.join('\n')}

### Figures

| scenario | server | requests/s | p50 ms | p99 ms | server CPU µs/request | service over this, paired: requests/s (range) | by CPU per request (range) |
|---|---|---|---|---|---|---|---|
${[get, list, created, mix, pacedGet, pacedMix].flatMap(describe).join('\n')}

Each burst in order, as requests/s / server CPU µs per request:

| scenario | server | bursts |
|---|---|---|
${[get, list, created, mix].flatMap(perBurst).join('\n')}

### The service's lists on 200,000 commitments (one ${listScenarios[0]!.seconds} s run each, ${CONNECTIONS} connections)

| request | requests/s | p50 ms | p99 ms |
|---|---|---|---|
${listRows.join('\n')}
<!-- /figures -->`;

const resultsPath = new URL('./RESULTS.md', import.meta.url);
const previous = readFileSync(resultsPath, 'utf8');
const marked = /<!-- figures[\s\S]*<!-- \/figures -->/;
writeFileSync(resultsPath, marked.test(previous) ? previous.replace(marked, figures) : `# Benchmark results\n\n${figures}\n`);
console.log(figures);
process.exit(0);
