// Property-based: whatever a client sends, the answer is a 2xx or a 4xx problem, never a 5xx.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAgreement, createCountry, createSummit, makeApp, type Api } from './helpers.js';

let api: Api;
const paths: Record<string, string> = {};

beforeAll(async () => {
  ({ api } = makeApp());
  const country = await createCountry(api);
  const summit = await createSummit(api, { startDate: '2024-05' });
  const agreement = await createAgreement(api, { summitId: summit.id, themes: ['energy'] });
  await api.put(`/v1/summits/${summit.id}/participants/${country.id}`).send({ role: 'host' }).expect(201);
  paths.participants = '/v1/participants';
  paths.summits = '/v1/summits';
  paths.agreements = '/v1/agreements';
  paths.commitments = '/v1/commitments';
  paths.participations = `/v1/summits/${summit.id}/participants`;
  paths.actions = `/v1/agreements/${agreement.id}/actions`;
  paths.summit = `/v1/summits/${summit.id}`;
});

const names = fc.oneof(
  fc.constantFrom('limit', 'cursor', 'sort', 'fields', 'expand', 'q', 'format', 'name', 'kind', 'startDate', 'createdAt', 'theme', 'participantId', 'role', 'targetYear', 'isPriority', 'overdue', 'dueDate', 'constructor', '__proto__', 'toString', 'hasOwnProperty'),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const values = fc.oneof(
  fc.constantFrom('constructor', '__proto__', 'eq.', 'in.()', 'in.(a,"b', 'is.null', 'like.*', 'gte.2024-02-30', 'lt.9999-99', '-name,', 'name,-name', 'true', '0', '-1', '1e3', 'smt_x', '*', '"', '%00'),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const queryStrings = fc.array(fc.tuple(names, values), { maxLength: 5 }).map((pairs) => new URLSearchParams(pairs).toString());

describe('bad query strings', () => {
  it.each(['participants', 'summits', 'agreements', 'commitments', 'participations', 'actions', 'summit'])(
    'when the %s list gets any query string, then it answers 200 or 400, never 5xx',
    async (name) => {
      await fc.assert(
        fc.asyncProperty(queryStrings, async (query) => {
          const res = await api.get(`${paths[name]}?${query}`);
          expect([200, 400], `${paths[name]}?${query} → ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
        }),
        { numRuns: 150 },
      );
    },
    60_000,
  );
});

describe('bad bodies', () => {
  const bodies = fc.oneof(
    fc.json().map((text) => ({ text, type: 'application/json' })),
    fc.object({ maxDepth: 2 }).map((o) => ({ text: JSON.stringify(o), type: 'application/json' })),
    fc.string({ maxLength: 200 }).map((text) => ({ text, type: 'text/csv' })),
    fc.string({ maxLength: 50 }).map((text) => ({ text: `kind,name,iso3\n${text}`, type: 'text/csv' })),
  );
  it.each(['participants', 'summits', 'agreements', 'commitments'])(
    'when POST /v1/%s gets any body, then it answers 201 or a 4xx, never 5xx',
    async (name) => {
      await fc.assert(
        fc.asyncProperty(bodies, async ({ text, type }) => {
          const res = await api.post(paths[name]!).set('Content-Type', type).send(text);
          expect(res.status, `${type} ${text.slice(0, 200)} → ${res.status} ${res.text.slice(0, 200)}`).toBeLessThan(500);
        }),
        { numRuns: 150 },
      );
    },
    60_000,
  );

  it('when PATCH gets any JSON object, then it answers 200 or a 4xx, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.object({ maxDepth: 2 }), async (patch) => {
        const res = await api.patch(paths.summit!).send(patch);
        expect(res.status, `${JSON.stringify(patch).slice(0, 200)} → ${res.status}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
