// The contract check itself: it must catch what the document does not declare.
import type { Response } from 'superagent';
import { describe, expect, it } from 'vitest';
import { checkResponse, takeViolations } from './contract.js';
import { createCountry, makeApp } from './helpers.js';

const fake = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  ({ status, body, headers: { 'x-request-id': 'r', 'content-type': 'application/json; charset=utf-8', ...headers } }) as unknown as Response;

describe('the contract check', () => {
  it('when a real response matches the document, then it records nothing', async () => {
    const { api } = makeApp();
    const created = await createCountry(api);
    const res = await api.get(`/v1/participants/${created.id}`);
    takeViolations();
    checkResponse('GET', `/v1/participants/${created.id}`, res);
    expect(takeViolations()).toEqual([]);
  });

  it('when a body carries a field the document omits, then it is a violation', async () => {
    const { api } = makeApp();
    const created = await createCountry(api);
    takeViolations();
    checkResponse('GET', `/v1/participants/${created.id}`, fake(200, { ...created, secret: 1 }, { etag: '"1"' }));
    expect(takeViolations()).toEqual([expect.stringContaining('must NOT have additional properties')]);
  });

  it('when a status is not documented for the operation, then it is a violation', () => {
    checkResponse('GET', '/v1/participants', fake(409, {}));
    expect(takeViolations()).toEqual([expect.stringContaining('status not documented')]);
  });

  it('when a documented header is missing, then it is a violation', async () => {
    const { api } = makeApp();
    const created = await createCountry(api);
    takeViolations();
    checkResponse('GET', `/v1/participants/${created.id}`, fake(200, created));
    expect(takeViolations()).toEqual([expect.stringContaining('header ETag missing')]);
  });

  it('when an error body is not a problem, then it is a violation', () => {
    checkResponse('GET', '/v1/participants', fake(400, { message: 'bad' }, { 'content-type': 'application/problem+json' }));
    expect(takeViolations()).toEqual([expect.stringContaining('body does not match')]);
  });
});
