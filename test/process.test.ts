// The service as a process: start-up checks, graceful stop, and durability across kill -9.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serviceBuild } from './service-build.js';

const children: ChildProcess[] = [];
const dirs: string[] = [];
/**
 * The service as the image runs it (test/service-build.ts): started compiled, each start takes half
 * the time it takes through tsx. `npm start` (tsx) has its own test below.
 */
let main: string;
let keysCli: string;
beforeAll(async () => {
  const build = await serviceBuild();
  main = join(build, 'dist/main.js');
  keysCli = join(build, 'dist/cli/keys.js');
}, 120_000);
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'summit-tracker-'));
  dirs.push(dir);
  return join(dir, 'nested', 'test.db');
}

/** The message of a pino log line; '' for anything else. */
function messageOf(line: string): string {
  try {
    return String((JSON.parse(line) as { msg?: unknown }).msg ?? '');
  } catch {
    return '';
  }
}

interface Service {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  /** Resolves with the first log line (on stdout) whose message matches, however soon or late it comes. */
  logLine: (message: RegExp) => Promise<string>;
}

/** Starts the service on a free port and resolves once it logs that it listens. */
async function startService(env: Record<string, string>): Promise<Service> {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines: string[] = [];
  const stdout = createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  const logLine = (message: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const matches = (line: string) => message.test(messageOf(line));
      const seen = lines.find(matches);
      if (seen !== undefined) return resolve(seen);
      const onLine = (line: string) => {
        if (!matches(line)) return;
        stdout.off('line', onLine);
        resolve(line);
      };
      stdout.on('line', onLine);
      stdout.once('close', () => reject(new Error(`no log line matching ${message} before exit: ${lines.join('\n')}`)));
    });
  const listening = JSON.parse(await logLine(/^listening on /)) as { port: number };
  return { child, port: listening.port, exited, logLine };
}

function runToExit(env: Record<string, string>, as: { uid?: number; gid?: number } = {}): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [main], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...as });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // A process that cannot be started at all (the binary out of the user's reach) fails the test at once.
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('start-up', () => {
  it('when a variable is invalid, then the process prints which and exits with 1', async () => {
    const { code, stderr } = await runToExit({ PORT: 'eighty', DATABASE_PATH: tempDbPath() });
    expect(code).toBe(1);
    expect(stderr).toContain('PORT: PORT must be a whole number');
  });

  it('when started on a fresh path, then it creates the directories, migrates and is ready', async () => {
    const { port } = await startService({ DATABASE_PATH: tempDbPath() });
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(res.status).toBe(200);
  });
});

describe('start-up with a DATABASE_PATH that cannot be a database', () => {
  const NOBODY = 65534;

  /**
   * A folder the service may not write to. Root writes anywhere, so when the tests run as root the
   * service runs as nobody, with a temporary folder of its own.
   */
  function readOnlyFolder(): { path: string; env: Record<string, string>; as: { uid?: number; gid?: number } } {
    const dir = mkdtempSync(join(tmpdir(), 'summit-tracker-'));
    dirs.push(dir);
    const folder = join(dir, 'read-only');
    mkdirSync(folder);
    const path = join(folder, 'test.db');
    if (process.getuid?.() !== 0) {
      chmodSync(folder, 0o555);
      return { path, env: {}, as: {} };
    }
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    for (const owned of [dir, tmp, folder]) chownSync(owned, NOBODY, NOBODY);
    chmodSync(folder, 0o555);
    return { path, env: { TMPDIR: tmp }, as: { uid: NOBODY, gid: NOBODY } };
  }

  it.each([
    ['in a folder it may not write to', () => readOnlyFolder(), /permission denied/],
    [
      'a directory',
      () => {
        const path = dirname(tempDbPath());
        mkdirSync(path);
        return { path, env: {}, as: {} };
      },
      /it is a directory, not a file/,
    ],
    [
      'a file that is not a database',
      () => {
        const path = tempDbPath();
        mkdirSync(dirname(path));
        writeFileSync(path, 'Summit notes, not a database. '.repeat(20));
        return { path, env: {}, as: {} };
      },
      /file is not a database \(SQLITE_NOTADB\)/,
    ],
  ] as const)('when it is %s, then one line names the variable, the path and the cause, and the exit code is 1', async (_case, make, cause) => {
    const { path, env, as } = make();
    const { code, stderr } = await runToExit({ DATABASE_PATH: path, PORT: '0', ...env }, as);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`DATABASE_PATH: cannot use ${path} as the database: `);
    expect(lines[0]).toMatch(cause);
  });
});

describe('requests Node refuses itself', () => {
  it('when the URL is longer than the server reads, then 431 is a problem with a request id, not a bare status line', async () => {
    const { port } = await startService({ DATABASE_PATH: tempDbPath() });
    const res = await fetch(`http://127.0.0.1:${port}/v1/participants?${Array(2_000).fill('iso3=JPN').join('&')}`);
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 431, code: 'headers_too_large', requestId: res.headers.get('x-request-id') });
  });
});

describe('logging', () => {
  it('when a request carries credentials, then the request is logged with its id but without them', async () => {
    const { child, port, exited } = await startService({ DATABASE_PATH: tempDbPath() });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const secrets = {
      Authorization: 'Bearer secret-key-123',
      'Proxy-Authorization': 'Basic secret-proxy-789',
      'X-Api-Key': 'secret-api-key-321',
      Cookie: 'session=secret-cookie-456',
      'Set-Cookie': 'session=secret-set-cookie-654',
    };
    await fetch(`http://127.0.0.1:${port}/v1/summits`, { headers: { ...secrets, 'X-Request-Id': 'log-check-1' } });
    child.kill('SIGTERM');
    await exited;
    const logged = out.split('\n').find((line) => line.includes('log-check-1'));
    expect(logged).toBeDefined();
    for (const secret of Object.values(secrets)) expect(out).not.toContain(secret.split(' ').at(-1));
    // The request line carries what a reader needs and no header at all; the logger's redaction
    // (src/logger.ts) stands behind it for anything else that logs headers.
    expect(Object.keys(JSON.parse(logged!).req).sort()).toEqual(['id', 'method', 'url']);
  });
});

describe('graceful stop', () => {
  it('when SIGTERM arrives during a request, then the request completes, the database closes and the exit code is 0', async () => {
    const path = tempDbPath();
    const { child, port, exited, logLine } = await startService({ DATABASE_PATH: path });
    const body = JSON.stringify({ name: 'In flight', kind: 'other' });
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/summits',
      // The server answers 100 Continue once it has read the headers: from then on the request is in flight.
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Expect: '100-continue' },
    });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
    });
    req.flushHeaders();
    await new Promise((resolve) => req.on('continue', resolve));
    req.write(body.slice(0, 10));
    const stopping = logLine(/^stopping/);
    child.kill('SIGTERM');
    await stopping;
    req.end(body.slice(10));
    const answered = await response;
    expect(answered.status).toBe(201);
    expect(await exited).toBe(0);
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT name FROM summits').all()).toEqual([{ name: 'In flight' }]);
    db.close();
  });
});

describe('stop when idle', () => {
  it.each([['SIGTERM'], ['SIGINT']] as const)('when %s arrives, then the process exits with 0', async (signal) => {
    const { child, exited } = await startService({ DATABASE_PATH: tempDbPath() });
    child.kill(signal);
    expect(await exited).toBe(0);
  });
});

describe('connection timeouts', () => {
  const TIMEOUTS = { KEEP_ALIVE_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '300', REQUEST_TIMEOUT_MS: '600' };

  /** A raw connection to the service: what it has received, and a promise of its closing. */
  function connectTo(port: number) {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
    socket.on('error', () => {});
    return { socket, closed, received: () => received };
  }

  it('when a client opens a connection and sends nothing, then it is answered 408 and disconnected after HEADERS_TIMEOUT_MS', async () => {
    const { port } = await startService({ DATABASE_PATH: tempDbPath(), ...TIMEOUTS });
    const { closed } = connectTo(port);
    expect(await closed).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('when a client sends part of its headers and stops, then it is answered 408 and disconnected', async () => {
    const { port } = await startService({ DATABASE_PATH: tempDbPath(), ...TIMEOUTS });
    const { socket, closed } = connectTo(port);
    socket.write('GET /livez HTTP/1.1\r\nHost: localhost\r\n');
    expect(await closed).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('when a client sends its headers but not the whole body, then it is answered 408 and disconnected after REQUEST_TIMEOUT_MS', async () => {
    const { port } = await startService({ DATABASE_PATH: tempDbPath(), ...TIMEOUTS });
    const { socket, closed } = connectTo(port);
    socket.write('POST /v1/summits HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"name":');
    expect(await closed).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('when a kept-alive connection stays idle after its response, then it is announced and closed after KEEP_ALIVE_TIMEOUT_MS', async () => {
    const { port } = await startService({ DATABASE_PATH: tempDbPath(), ...TIMEOUTS });
    const { socket, closed, received } = connectTo(port);
    socket.write('GET /livez HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await new Promise((resolve) => socket.once('data', resolve));
    expect(received()).toMatch(/^HTTP\/1\.1 200 [^]*\r\nKeep-Alive: timeout=1\r\n/i);
    // Node closes it a second after the timeout it announced.
    await closed;
  });
});

describe('two processes on one database file', () => {
  it('when both write to the same records at once, as during a rolling restart, then every write succeeds', async () => {
    const path = tempDbPath();
    const services = [await startService({ DATABASE_PATH: path }), await startService({ DATABASE_PATH: path })];
    const send = (port: number, method: string, url: string, body: unknown) =>
      fetch(`http://127.0.0.1:${port}${url}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const created = await send(services[0]!.port, 'POST', '/v1/summits', { name: 'Shared', kind: 'other' });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // Each update reads the summit and then writes it: the two processes' transactions overlap.
    const statuses = await Promise.all(
      Array.from({ length: 120 }, (_, i) => {
        const port = services[i % 2]!.port;
        return i % 3 === 0
          ? send(port, 'POST', '/v1/summits', { name: `Raced ${i}`, kind: 'other' }).then((res) => res.status)
          : send(port, 'PATCH', `/v1/summits/${id}`, { name: `Shared ${i}` }).then((res) => res.status);
      }),
    );
    expect(statuses.filter((status) => status >= 300)).toEqual([]);
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT version FROM summits WHERE id = ?').get(id)).toEqual({ version: 1 + 80 });
    expect(db.prepare("SELECT count(*) AS n FROM summits WHERE name LIKE 'Raced %'").get()).toEqual({ n: 40 });
    db.close();
  });
});

describe('durability', () => {
  it('when the process is killed with SIGKILL right after a 201, then the write is still there', async () => {
    const path = tempDbPath();
    const { child, port, exited } = await startService({ DATABASE_PATH: path });
    const res = await fetch(`http://127.0.0.1:${port}/v1/participants`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'country', name: 'Uzbekistan', iso3: 'UZB' }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    child.kill('SIGKILL');
    await exited;
    const db = new Database(path);
    expect(db.prepare('SELECT id, name FROM participants').all()).toEqual([{ id, name: 'Uzbekistan' }]);
    db.close();
  });
});

describe('API keys at start', () => {
  it('when NODE_ENV=production and the database holds no key, then the process refuses to start, saying how to make one', async () => {
    const { code, stderr } = await runToExit({ NODE_ENV: 'production', PORT: '0', DATABASE_PATH: tempDbPath() });
    expect(code).toBe(1);
    expect(stderr).toContain('no active API key');
    expect(stderr).toContain('npm run keys -- create');
  });

  it('when NODE_ENV=production and a key exists, then it starts and asks for the key', async () => {
    const path = tempDbPath();
    const made = spawn(process.execPath, [keysCli, 'create', '--name', 'ops', '--scopes', 'read'], {
      env: { ...process.env, DATABASE_PATH: path },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    made.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    expect(await new Promise((resolve) => made.on('exit', resolve))).toBe(0);
    const secret = out.trim().split('\n').at(-1)!;
    const { port } = await startService({ NODE_ENV: 'production', DATABASE_PATH: path });
    expect((await fetch(`http://127.0.0.1:${port}/v1/summits`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/v1/summits`, { headers: { Authorization: `Bearer ${secret}` } })).status).toBe(200);
  });

  it('when no key exists outside production, then the start-up log warns that the API is open', async () => {
    const { logLine } = await startService({ DATABASE_PATH: tempDbPath() });
    expect(await logLine(/no active API key/)).toContain('"level":40');
  });
});

describe('npm start', () => {
  it('when the process npm start began is sent SIGTERM, then the server stops with it', async () => {
    const path = tempDbPath();
    const npm = spawn('npm', ['start'], { env: { ...process.env, DATABASE_PATH: path, PORT: '0', LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(npm);
    const lines = createInterface({ input: npm.stdout! });
    const port = await new Promise<number>((resolve) =>
      lines.on('line', (line) => {
        if (line.includes('listening on')) resolve((JSON.parse(line) as { port: number }).port);
      }),
    );
    expect((await fetch(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
    npm.kill('SIGTERM');
    await new Promise((resolve) => npm.on('exit', resolve));
    // Nothing answers on the port any more: the server went with the process that was signalled.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expect(fetch(`http://127.0.0.1:${port}/livez`)).rejects.toThrow();
  });
});

describe('a port already in use', () => {
  it('when the port is taken, then the process says so, never that it listens, and exits with 1', async () => {
    const { port } = await startService({ DATABASE_PATH: tempDbPath() });
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, DATABASE_PATH: tempDbPath(), PORT: String(port), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(out).toContain('EADDRINUSE');
    expect(out).not.toContain('listening on');
  });
});
