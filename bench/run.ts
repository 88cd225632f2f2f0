// The load benchmark of issue "Lists analysts can query": builds the service, seeds the benchmark
// database, starts the compiled server on it and measures three requests with autocannon.
// Results go to bench/RESULTS.md. Usage: npm run bench  (about two minutes on 2 cores)
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { CSV_THEME, seed, SIZES } from './seed.js';

const dbPath = join(tmpdir(), 'summit-tracker-bench.db');
const port = 20_000 + Math.floor(Math.random() * 20_000);
const base = `http://127.0.0.1:${port}`;

execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
const seedStarted = Date.now();
const { participantIds } = seed(dbPath);
const seedSeconds = (Date.now() - seedStarted) / 1000;

const server = spawn(process.execPath, ['dist/main.js'], {
  env: { ...process.env, DATABASE_PATH: dbPath, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'development' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const stop = () => server.kill('SIGTERM');
process.on('exit', stop);

async function ready(): Promise<void> {
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

interface Scenario {
  name: string;
  path: string;
  connections: number;
  duration: number;
}

const participant = participantIds[42]!;
const scenarios: Scenario[] = [
  {
    name: '(a) filtered, sorted list of 50 commitments (participant + status, sort dueDate)',
    path: `/v1/commitments?participantId=${participant}&status=adopted&sort=dueDate&limit=50`,
    connections: 10,
    duration: 10,
  },
  {
    name: '(a′) broad filter, sorted list of 50 (theme subtree + isPriority, sort -dueDate)',
    path: '/v1/commitments?theme=energy&isPriority=true&sort=-dueDate&limit=50',
    connections: 10,
    duration: 10,
  },
  { name: '(b) full-text search, 50 best of 10,000 matches (q=nuclear)', path: '/v1/commitments?q=nuclear&limit=50', connections: 10, duration: 10 },
  { name: '(c) CSV export of 10,000 commitments', path: `/v1/commitments?theme=${CSV_THEME}&format=csv`, connections: 2, duration: 15 },
];

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

await ready();
const rows: string[] = [];
for (const scenario of scenarios) {
  const probe = await fetch(base + scenario.path);
  const body = await probe.text();
  if (!probe.ok) throw new Error(`${scenario.path} answered ${probe.status}: ${body.slice(0, 300)}`);
  const size = scenario.path.includes('format=csv') ? `${body.trim().split('\n').length - 1} rows` : `${(JSON.parse(body) as { data: unknown[] }).data.length} items`;
  const result = await autocannon({ url: base + scenario.path, connections: scenario.connections, duration: scenario.duration });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${scenario.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  rows.push(
    `| ${scenario.name} | ${size}, ${(Buffer.byteLength(body) / 1024).toFixed(0)} KiB | ${scenario.connections} | ${result.latency.p50} | ${result.latency.p99} | ${result.requests.average.toFixed(1)} | ${result.requests.total} |`,
  );
  console.log(rows.at(-1));
}
const rss = peakRssMb(server.pid!);
stop();

const report = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts); do not edit by hand. Re-run after changes that touch
list queries, indexes or search, and commit the new figures with the change.

- When: ${new Date().toISOString()}
- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}
- Data: ${SIZES.participants.toLocaleString('en')} participants, ${SIZES.summits.toLocaleString('en')} summits, ${SIZES.agreements.toLocaleString('en')} agreements, ${SIZES.commitments.toLocaleString('en')} commitments (seeded in ${seedSeconds.toFixed(1)} s)
- Server: the compiled service (\`node dist/main.js\`), LOG_LEVEL=warn, SQLite WAL with synchronous=FULL; load from autocannon in the same process as this script, on the same 2 cores
- Peak resident memory of the server over the whole run: ${rss.toFixed(0)} MiB

| request | response | connections | p50 ms | p99 ms | requests/s | requests |
|---|---|---|---|---|---|---|
${rows.join('\n')}
`;
writeFileSync(new URL('./RESULTS.md', import.meta.url), report);
console.log(report);
process.exit(0);
