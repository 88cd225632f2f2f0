// The route declarations feed both the router and the OpenAPI document, so the two cannot drift.
import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../src/app.js';
import { makeApp } from './helpers.js';

describe('GET /openapi.json', () => {
  it('when requested, then it documents every mounted operation and nothing else', async () => {
    const { api, db } = makeApp();
    const res = await api.get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const documented = Object.entries(res.body.paths as Record<string, Record<string, { operationId: string }>>).flatMap(
      ([path, operations]) => Object.entries(operations).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );
    const mounted = apiRoutes(db).map((r) => `${r.method.toUpperCase()} ${r.path} ${r.operationId}`);
    expect(documented.sort()).toEqual(mounted.sort());
  });

  it('when a documented operation is called, then it is mounted at that path', async () => {
    const { api, db } = makeApp();
    for (const route of apiRoutes(db).filter((r) => r.method === 'get' && !r.path.includes('{'))) {
      expect((await api.get(route.path)).status, route.path).toBe(200);
    }
  });
});
