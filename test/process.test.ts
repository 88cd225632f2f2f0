// The service as a process: start-up checks, graceful stop, and durability across kill -9.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';

const children: ChildProcess[] = [];
const dirs: string[] = [];
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

/** Starts `src/main.ts` on a free port and resolves once it logs that it listens. */
async function startService(env: Record<string, string>): Promise<Service> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
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

function runToExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
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
    await fetch(`http://127.0.0.1:${port}/v1/summits`, {
      headers: { Authorization: 'Bearer secret-key-123', Cookie: 'session=secret-cookie-456', 'X-Request-Id': 'log-check-1' },
    });
    child.kill('SIGTERM');
    await exited;
    expect(out).toContain('log-check-1');
    expect(out).not.toContain('secret-key-123');
    expect(out).not.toContain('secret-cookie-456');
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
