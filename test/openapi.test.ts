// The route declarations feed both the router and the OpenAPI document, so the two cannot drift.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../src/app.js';
import { makeApp, mountedOperations } from './helpers.js';

/** Served for operators and tools, outside the API: not part of the document. */
const UNDOCUMENTED = ['GET /metrics', 'GET /livez', 'GET /readyz', 'GET /openapi.json', 'GET /postman.json'];

describe('GET /openapi.json', () => {
  it('when requested, then it documents every operation mounted on the app, and only those', async () => {
    const { api, app } = makeApp();
    const res = await api.get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(mountedOperations(app).sort()).toEqual([...documented, ...UNDOCUMENTED].sort());
  });

  it('when a documented operation is called, then it is mounted at that path', async () => {
    const { api, db } = makeApp();
    const requiredQuery: Record<string, string> = { '/v1/search': '?q=summit' };
    for (const route of apiRoutes(db).filter((r) => r.method === 'get' && !r.path.includes('{'))) {
      expect((await api.get(route.path + (requiredQuery[route.path] ?? ''))).status, route.path).toBe(200);
    }
  });
});

describe('the OpenAPI document', () => {
  it('when linted with the strict recommended rules, then it passes', async () => {
    const { api } = makeApp();
    const dir = mkdtempSync(join(tmpdir(), 'summit-tracker-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify((await api.get('/openapi.json')).body));
      const { stdout, stderr } = await promisify(execFile)('node_modules/.bin/redocly', ['lint', '--extends', 'recommended-strict', file]).catch(
        (err: { stdout: string; stderr: string }) => ({ ...err, failed: true }),
      );
      expect(`${stdout}${stderr}`).toContain('Your API description is valid');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('when read, then every operation documents its problems, security, tags and the example bodies', async () => {
    const { api } = makeApp();
    const doc = (await api.get('/openapi.json')).body;
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.tags.map((t: { name: string }) => t.name)).toEqual(['Participants', 'Positions', 'Memberships', 'Summits', 'Agreements', 'Commitments', 'Progress updates', 'Compliance', 'Search', 'Events']);
    for (const operations of Object.values(doc.paths) as Record<string, { responses: Record<string, unknown> }>[]) {
      for (const operation of Object.values(operations)) {
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '500']));
      }
    }
    expect(doc.components.schemas.AgreementInput.example.targets).toEqual([
      { targetType: 'net_zero', targetYear: 2050, yearQualifier: 'or_later', gasCoverage: 'co2' },
    ]);
  });
});


describe('GET /postman.json', () => {
  it('when requested, then it is a v2.1 collection of every operation, in a runnable order, with variables, examples and tests', async () => {
    const { api } = makeApp();
    const document = (await api.get('/openapi.json')).body;
    const res = await api.get('/postman.json');
    expect(res.status).toBe(200);
    const collection = res.body;
    expect(collection.info.schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    expect(collection.variable.map((v: { key: string }) => v.key)).toEqual(
      expect.arrayContaining(['baseUrl', 'apiKey', 'participantId', 'summitId', 'agreementId', 'agreementActionId', 'commitmentId']),
    );
    expect(collection.auth).toEqual({ type: 'bearer', bearer: [{ key: 'token', value: '{{apiKey}}', type: 'string' }] });

    type Item = { request: { method: string; url: { path: string[]; host: string[] }; body?: { raw?: string } }; event: { listen: string; script: { exec: string[] } }[] };
    const items: Item[] = collection.item.flatMap((folder: { item: Item[] }) => folder.item);
    const operations = items.map((i) => `${i.request.method} /${i.request.url.path.map((s) => s.replace(/^:(\w+)$/, '{$1}')).join('/')}`);
    const documented = Object.entries(document.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect([...operations].sort()).toEqual(documented.sort());
    expect(operations.indexOf('POST /v1/participants')).toBeLessThan(operations.indexOf('POST /v1/commitments'));
    expect(operations.at(-1)).toBe('DELETE /v1/participants/{id}');

    for (const item of items) {
      expect(item.request.url.host).toEqual(['{{baseUrl}}']);
      expect(item.request.body?.raw ?? '').not.toMatch(/<string|<object|<number|<boolean/);
      const tests = item.event.find((event) => event.listen === 'test')!;
      expect(tests.script.exec[0]).toMatch(/^pm\.test\('status is /);
    }
    // Values the database holds once are made per run, so the collection passes again on a
    // database that already has its records (scripts/e2e.sh runs it twice on the demo data).
    const createParticipant = items[operations.indexOf('POST /v1/participants')]!;
    expect(JSON.parse(createParticipant.request.body!.raw!)).toMatchObject({ iso3: '{{runIso3}}', wikidataId: '{{runWikidataId}}' });
    expect(createParticipant.event[0]).toMatchObject({ listen: 'prerequest' });
    const createCommitment = items[operations.indexOf('POST /v1/commitments')]!;
    expect(JSON.parse(createCommitment.request.body!.raw!)).toMatchObject({
      agreementId: '{{agreementId}}',
      parties: [{ participantId: '{{participantId}}', role: 'pledger' }],
    });
  });
});

describe('GET /docs', () => {
  it('when requested, then the reference page and every asset it loads are served by this server (no CDN)', async () => {
    const { api } = makeApp();
    const page = await api.get('/docs/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      expect((await api.get(`/docs/${asset.replace(/^\.\//, '')}`)).status, asset).toBe(200);
    }
    const init = await api.get('/docs/swagger-ui-init.js');
    expect(init.text).toContain('"url": "/openapi.json"');
    expect(page.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });
});

describe('GET /postman.json', () => {
  it('when the collection is fetched, then /openapi.json stays byte for byte what it was', async () => {
    const { api } = makeApp();
    const before = (await api.get('/openapi.json')).text;
    expect((await api.get('/postman.json')).status).toBe(200);
    expect((await api.get('/openapi.json')).text).toBe(before);
  });
});
