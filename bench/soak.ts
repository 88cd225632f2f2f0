// Soak: five minutes of mixed load on the compiled service — nine reads to one write (a commitment
// with its parties and theme, a multi-row transaction) — counting every answer by status and
// sampling the server's resident memory every few seconds. What it must show: no 5xx at all, and
// memory that levels off instead of growing for as long as the load lasts.
// Results go to bench/SOAK.md. Usage: npm run soak  (SOAK_SECONDS=60 for a shorter run)
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { serviceCommand } from './service-command.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const CONNECTIONS = 10;
const SAMPLE_EVERY_MS = 5_000;
const dbPath = join(tmpdir(), 'summit-tracker-soak.db');
const port = 20_000 + Math.floor(Math.random() * 20_000);
const base = `http://127.0.0.1:${port}`;

execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
const [node, ...args] = serviceCommand();
const server = spawn(node!, args, {
  env: { ...process.env, DATABASE_PATH: dbPath, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'development', RATE_LIMIT_PER_MINUTE: '0' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const stop = () => server.exitCode === null && server.kill('SIGTERM');
process.on('exit', stop);

/** The server's resident set size in MiB, from /proc. */
function rssMiB(): number {
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1]);
  return kib / 1024;
}

async function send(method: string, path: string, body?: unknown): Promise<{ id: string }[] & { id: string }> {
  const res = await fetch(`${base}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as { data?: unknown };
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
  return (json.data ?? json) as never;
}

for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/readyz`)).ok) break;
  } catch {
    if (i === 100) throw new Error('the server did not become ready');
  }
  await new Promise((r) => setTimeout(r, 100));
}

// A modest data set made through the API: 60 countries, 50 summits, 2,000 commitments with
// parties, a final report with assessments.
const iso3 = (i: number) => `Z${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`;
const countries = (await send('POST', '/v1/participants', Array.from({ length: 60 }, (_, i) => ({ kind: 'country', name: `Country ${i}`, iso3: iso3(i) })))).map((p) => p.id);
const summits = (
  await send('POST', '/v1/summits', Array.from({ length: 50 }, (_, i) => ({ name: `Summit ${i}`, kind: i % 2 ? 'leaders_summit' : 'ministerial_meeting', startDate: `${2000 + (i % 25)}-0${1 + (i % 9)}` })))
).map((s) => s.id);
const commitmentBody = (i: number) => ({
  text: `Commitment ${i}: cooperation on carbon-free technology and the energy transition`,
  scope: 'group',
  summitId: summits[i % summits.length],
  dueDate: `${2026 + (i % 10)}`,
  themes: ['energy.carbon_free_technology'],
  parties: [0, 1, 2].map((k) => ({ participantId: countries[(i + k * 7) % countries.length], role: k === 0 ? 'pledger' : 'partner' })),
});
const commitments: string[] = [];
for (let b = 0; b < 4; b++) commitments.push(...(await send('POST', '/v1/commitments', Array.from({ length: 500 }, (_, i) => commitmentBody(b * 500 + i)))).map((c) => c.id));
const report = await send('POST', '/v1/compliance-reports', { summitId: summits[0], kind: 'final' });
const ofFirstSummit = commitments.filter((_, i) => i % summits.length === 0).slice(0, 20);
await send(
  'PUT',
  `/v1/compliance-reports/${report.id}/assessments`,
  ofFirstSummit.map((commitmentId, i) => ({ commitmentId, participantId: countries[(i * summits.length) % countries.length], score: (i % 3) - 1 })),
);

const reads = [
  '/v1/commitments?limit=50',
  `/v1/commitments?summitId=${summits[3]}&sort=dueDate`,
  `/v1/participants/${countries[5]}`,
  '/v1/summits?sort=-startDate',
  '/v1/search?q=energy',
  `/v1/commitments/${commitments[42]}?expand=parties`,
  '/v1/events?limit=100',
  '/v1/stats/compliance?groupBy=participant',
  '/v1/participants?kind=country&limit=100',
];
let written = 0;
const requests: autocannon.Request[] = [
  ...reads.map((path) => ({ method: 'GET' as const, path })),
  {
    method: 'POST',
    path: '/v1/commitments',
    headers: { 'content-type': 'application/json' },
    setupRequest: (request: autocannon.Request) => ({ ...request, body: JSON.stringify(commitmentBody(10_000 + written++)) }),
  },
];

const samples: { at: number; rss: number }[] = [];
const started = Date.now();
samples.push({ at: 0, rss: rssMiB() });
const sampler = setInterval(() => samples.push({ at: (Date.now() - started) / 1000, rss: rssMiB() }), SAMPLE_EVERY_MS);
const result = await autocannon({ url: base, connections: CONNECTIONS, duration: SECONDS, requests });
clearInterval(sampler);
samples.push({ at: (Date.now() - started) / 1000, rss: rssMiB() });
stop();

const byStatus = Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [Number(status), count ?? 0] as const);
const fiveHundreds = byStatus.filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
/** The highest RSS seen up to `seconds` into the run. */
const peakUntil = (seconds: number) => Math.max(...samples.filter((s) => s.at <= seconds).map((s) => s.rss));
const lastQuarter = samples.filter((s) => s.at >= SECONDS * 0.75);
const half = peakUntil(SECONDS / 2);
const end = peakUntil(Infinity);
const mib = (value: number) => value.toFixed(1);
const minutes = Array.from({ length: Math.floor(SECONDS / 60) + 1 }, (_, m) => samples.reduce((best, s) => (Math.abs(s.at - m * 60) < Math.abs(best.at - m * 60) ? s : best)));
const levelsOff = end - half <= Math.max(5, half * 0.05);

writeFileSync(
  'bench/SOAK.md',
  `# Soak: ${SECONDS} seconds of mixed load

Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run soak\` (bench/soak.ts), Node ${process.version}, ${cpus().length} cores
(load average ${loadavg()[0]!.toFixed(1)} at the end: the machine was shared with other work).

- Server: the compiled service as the image runs it (\`${serviceCommand().slice(1).join(' ')}\`), LOG_LEVEL=warn, rate limit off, SQLite WAL with
  synchronous=FULL, on a database of 60 countries, 50 summits, 2,000 commitments with their parties.
- Load: autocannon, ${CONNECTIONS} connections for ${SECONDS} s, in the same process as this script, on the same cores.
  Each connection cycles through nine reads (lists with filters and sorts, a read with expand,
  search, the change feed, compliance stats) and one write (\`POST /v1/commitments\` with three
  parties and a theme): 90 % reads, 10 % writes.
- Memory: the server's RSS from /proc every ${SAMPLE_EVERY_MS / 1000} s.

## Result

| | |
|---|---|
| requests answered | ${result.requests.total} (${result.requests.average.toFixed(0)} per second on average) |
| by status | ${byStatus.map(([status, count]) => `${status}: ${count}`).join(', ')} |
| **5xx** | **${fiveHundreds}** |
| connection errors, timeouts | ${result.errors}, ${result.timeouts} |
| latency p50 / p97.5 / p99 / max | ${result.latency.p50} / ${result.latency.p97_5} / ${result.latency.p99} / ${result.latency.max} ms |
| commitments written during the run | ${written} |
| RSS at the start of the load | ${mib(samples[0]!.rss)} MiB |
| RSS peak in the first half / over the whole run | ${mib(half)} / ${mib(end)} MiB |
| RSS over the last quarter (min–max) | ${mib(Math.min(...lastQuarter.map((s) => s.rss)))}–${mib(Math.max(...lastQuarter.map((s) => s.rss)))} MiB |
| memory levels off | ${levelsOff ? 'yes' : 'NO'}: the peak of the second half is ${mib(end - half)} MiB above the first half's |

RSS by minute: ${minutes.map((s) => `${Math.round(s.at / 60)} min ${mib(s.rss)} MiB`).join(' · ')}
`,
);
console.log(`soak: ${result.requests.total} requests, ${fiveHundreds} 5xx, RSS ${mib(samples[0]!.rss)} → ${mib(end)} MiB (half ${mib(half)}); bench/SOAK.md written`);
if (fiveHundreds > 0 || result.errors > 0 || result.non2xx > 0) process.exitCode = 1;
