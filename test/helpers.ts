// Each test builds the app on a fresh SQLite database made by the same migrations as production.
import type { Express } from 'express';
import { Agent, createServer, type Server } from 'node:http';
import request from 'supertest';
import { expect } from 'vitest';
import { createApp } from '../src/app.js';
import { migrateDatabase, openDatabase, openDatabaseFrom, type Db } from '../src/db/client.js';
import { checkResponse } from './contract.js';

/**
 * The app on a fresh, fully migrated database, or on `db` as it is; `clock` fixes "today";
 * `maxHeaderSize` lets requests through whose URL is longer than Node's default allows (16 KB).
 */
export function makeApp(
  db: Db = migratedDatabase(),
  { clock, maxHeaderSize, ...config }: { publicBaseUrl?: string; clock?: () => Date; maxHeaderSize?: number } = {},
) {
  const app = createApp({ db, config: { bodyLimit: '1mb', nodeEnv: 'test', ...config }, clock });
  const serve = served(app, maxHeaderSize);
  // `plain` does not check its answers against the document: for runs that send what no test reads.
  return { app, db, api: clientOf(request(app), serve, true), plain: clientOf(request(app), serve, false) };
}

/**
 * The app listening on a port of its own from its first request until the end of the test, its
 * connections kept alive between requests: supertest given the app itself would start a server and
 * open a connection for every request, a third of what a request costs here.
 */
function served(app: Express, maxHeaderSize: number | undefined): () => { server: Server; agent: Agent } {
  let current: { server: Server; agent: Agent } | undefined;
  return () => {
    if (!current || !listening.has(current)) {
      // listen(0) binds at once, so supertest can read the address right after.
      const server = (maxHeaderSize ? createServer({ maxHeaderSize }, app) : createServer(app)).listen(0);
      current = { server, agent: new Agent({ keepAlive: true }) };
      listening.add(current);
    }
    return current;
  };
}
const listening = new Set<{ server: Server; agent: Agent }>();

/** Closes every server the tests' apps opened, and their connections (test/setup.ts, after each test). */
export function closeServers(): void {
  for (const { server, agent } of listening) {
    agent.destroy();
    server.closeAllConnections();
    server.close();
  }
  listening.clear();
}

/** A copy of a database migrated once per test worker: migrating costs 50 times more than copying. */
function migratedDatabase(): Db {
  return openDatabaseFrom((migratedImage ??= migratedTemplate()));
}
let migratedImage: Buffer | undefined;
function migratedTemplate(): Buffer {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  const image = db.$client.serialize();
  db.$client.close();
  return image;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/** The supertest client of the app's server; with `checked`, every response is checked against the OpenAPI document (see contract.ts). */
function clientOf<T extends object>(client: T, serve: () => { server: Server; agent: Agent }, checked: boolean): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !METHODS.has(property) || typeof value !== 'function') return value;
      return (url: string) => {
        const { server, agent } = serve();
        const served = request(server) as unknown as Record<string, (url: string) => import('supertest').Test>;
        const test = served[property]!.call(served, url).agent(agent);
        if (checked) test.on('response', (res: import('superagent').Response) => checkResponse(property.toUpperCase(), url, res));
        return test;
      };
    },
  });
}

export type Api = ReturnType<typeof makeApp>['api'];

/** Every row of every table, as text: two equal snapshots mean nothing was written. */
export function snapshot(db: Db): string {
  const tables = db.$client
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all() as { name: string }[];
  // A key's last use is bookkeeping that any authenticated request may update, not a write of data.
  const rowsOf = (name: string) => (name === 'api_keys' ? 'SELECT id, name, scopes, hash, created_at, revoked_at FROM api_keys' : `SELECT * FROM "${name}"`);
  return JSON.stringify(tables.map(({ name }) => [name, db.$client.prepare(rowsOf(name)).all()]));
}

/** Runs `action` and fails if it changed any row. */
export async function expectNoWrite<T>(db: Db, action: () => Promise<T>): Promise<T> {
  const before = snapshot(db);
  const result = await action();
  expect(snapshot(db)).toBe(before);
  return result;
}

let iso3Counter = 0;
/** A fresh three-letter code, so tests never collide on the unique iso3. */
export function nextIso3(): string {
  const n = iso3Counter++;
  const letter = (i: number) => String.fromCharCode(65 + (i % 26));
  return `X${letter(Math.floor(n / 26))}${letter(n)}`;
}

export const PROBLEM_TYPE = /^application\/problem\+json/;

/** Asserts a problem+json response with the given status, code and (optionally) error pointers. */
export function expectProblem(
  res: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
  status: number,
  code: string,
  pointers?: string[],
): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(PROBLEM_TYPE);
  expect(res.body).toMatchObject({ status, code, type: `https://summit-tracker.dev/problems/${code.replaceAll('_', '-')}` });
  if (pointers) {
    const errors = (res.body.errors ?? []) as { pointer?: string; parameter?: string }[];
    expect(errors.map((e) => e.pointer ?? e.parameter).sort()).toEqual([...pointers].sort());
  }
}

/* ---------- builders: each returns the created resource ---------- */

export async function createCountry(api: Api, overrides: Record<string, unknown> = {}) {
  const res = await api.post('/v1/participants').send({ kind: 'country', name: 'Country', iso3: nextIso3(), ...overrides });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number } & Record<string, unknown>;
}

export async function createParticipant(api: Api, body: Record<string, unknown>) {
  const res = await api.post('/v1/participants').send(body);
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number } & Record<string, unknown>;
}

export async function createSummit(api: Api, overrides: Record<string, unknown> = {}) {
  const res = await api.post('/v1/summits').send({ name: 'Central Asia + Japan Summit', kind: 'leaders_summit', ...overrides });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number } & Record<string, unknown>;
}

export async function createAgreement(api: Api, overrides: Record<string, unknown> = {}) {
  const res = await api.post('/v1/agreements').send({ title: 'Joint statement', type: 'joint_statement', ...overrides });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number } & Record<string, unknown>;
}

export async function createCommitment(api: Api, overrides: Record<string, unknown> = {}) {
  const res = await api.post('/v1/commitments').send({ text: 'A commitment', scope: 'collective', ...overrides });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number } & Record<string, unknown>;
}

/** The fields of a target beyond a reduction's, as a target that leaves them out stores them. */
export const TARGET_DEFAULTS = {
  yearBasis: 'calendar',
  measure: 'absolute',
  intensityBasis: null,
  indicator: null,
  multiple: null,
  quantity: null,
  unit: null,
  conditional: false,
} as const;

/** A well-formed id of the given prefix that names nothing. */
export const missingId = (prefix: string) => `${prefix}_01HZZZZZZZZZZZZZZZZZZZZZZZ`;

/** What Express keeps of each `use` and route: enough to list the operations it dispatches. */
interface Layer {
  rawPath: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every `METHOD /path` the app hands to a route handler, found by walking Express's router stack. */
export function mountedOperations(app: Express): string[] {
  const walk = (stack: Layer[], prefix: string): string[] =>
    stack.flatMap((layer) => {
      if (layer.route) {
        // A collection's own path is `/` on its collection's router.
        const path = `${prefix}${layer.route.path === '/' && prefix ? '' : layer.route.path}`.replace(/:(\w+)/g, '{$1}');
        // `all` answers every other method with 405 (or OPTIONS): it is not an operation.
        return Object.keys(layer.route.methods)
          .filter((method) => method !== '_all')
          .map((method) => `${method.toUpperCase()} ${path}`);
      }
      if (layer.handle.stack) return walk(layer.handle.stack, layer.rawPath === '/' ? prefix : `${prefix}${layer.rawPath}`);
      return [];
    });
  return walk(app.router.stack as unknown as Layer[], '');
}
