// GET /v1/participants/:id/profile (../API.md §2 "Cross-cutting reads"): a participant's summits
// and roles, agreement standings, commitments by progress status and compliance, in a fixed
// number of queries.
import type { Statement } from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAgreement, createCommitment, createCountry, createParticipant, createSummit, expectProblem, makeApp, missingId, type Api } from './helpers.js';

const TODAY = '2026-12-02';
let api: Api;
let db: ReturnType<typeof makeApp>['db'];
beforeEach(() => {
  ({ api, db } = makeApp(undefined, { clock: () => new Date(`${TODAY}T12:00:00.000Z`) }));
});

/** Japan at `summits` summits, party to as many agreements and commitments, with scores and progress. */
async function japanAcross(summits: number) {
  const japan = await createCountry(api, { name: 'Japan' });
  const kazakhstan = await createCountry(api, { name: 'Kazakhstan' });
  for (let i = 0; i < summits; i++) {
    const summit = await createSummit(api, { name: `Summit ${i}`, startDate: `${2020 + i}` });
    await api.put(`/v1/summits/${summit.id}/participants/${japan.id}`).send({ role: i === 0 ? 'host' : 'member', level: 'head_of_state_or_government' }).expect(201);
    const agreement = await createAgreement(api, { title: `Declaration ${i}`, summitId: summit.id });
    await api.post(`/v1/agreements/${agreement.id}/actions`).send({ participantId: japan.id, action: 'signed', actionDate: `${2020 + i}` }).expect(201);
    const commitment = await createCommitment(api, {
      summitId: summit.id,
      parties: [
        { participantId: japan.id, role: 'pledger' },
        { participantId: kazakhstan.id, role: 'partner' },
      ],
    });
    await api.post(`/v1/commitments/${commitment.id}/progress`).send({ asOfDate: '2025', status: i % 2 ? 'fulfilled' : 'in_progress', sourceUrl: 'https://www.example.org/p' }).expect(201);
    const report = (await api.post('/v1/compliance-reports').send({ summitId: summit.id, kind: 'final' }).expect(201)).body;
    await api.put(`/v1/compliance-reports/${report.id}/assessments`).send([{ commitmentId: commitment.id, participantId: japan.id, score: i % 2 ? 1 : 0 }]).expect(200);
  }
  return { japan, kazakhstan };
}

/** How many statements a request runs. */
async function statementsOf(action: () => Promise<unknown>): Promise<number> {
  const shared = Object.getPrototypeOf(db.$client.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  let n = 0;
  const originals = (['all', 'get', 'iterate', 'run'] as const).map((m) => [m, shared[m]!] as const);
  for (const [method, original] of originals) {
    shared[method] = function (this: Statement, ...args: unknown[]) {
      if (this.database === db.$client) n++;
      return original.apply(this, args);
    };
  }
  try {
    await action();
  } finally {
    for (const [method, original] of originals) shared[method] = original;
  }
  return n;
}

describe('GET /v1/participants/:id/profile', () => {
  it('when Japan met, signed, committed and was scored, then the profile shows each part', async () => {
    const { japan } = await japanAcross(2);
    const res = await api.get(`/v1/participants/${japan.id}/profile`);
    expect(res.status).toBe(200);
    expect(res.body.participant).toMatchObject({ id: japan.id, name: 'Japan' });
    expect(res.body.summits).toMatchObject([
      { name: 'Summit 1', startDate: '2021', role: 'member', level: 'head_of_state_or_government', attendance: 'expected' },
      { name: 'Summit 0', startDate: '2020', role: 'host' },
    ]);
    expect(res.body.agreements.map((a: { title: string; status: string }) => [a.title, a.status]).sort()).toEqual([
      ['Declaration 0', 'signatory'],
      ['Declaration 1', 'signatory'],
    ]);
    expect(res.body.commitments).toEqual({
      total: 2,
      byProgressStatus: { not_yet_rated: 0, not_started: 0, in_progress: 1, stalled: 0, delayed: 0, partially_fulfilled: 0, fulfilled: 1, not_fulfilled: 0 },
      byRole: { pledger: 2, partner: 0, beneficiary: 0 },
    });
    // Scores 0 and +1: mean 0.5, (0.5 + 1) / 2 × 100 = 75%.
    expect(res.body.compliance).toEqual({ assessed: 2, full: 1, partial: 1, none: 0, averageScore: 0.5, compliancePct: 75 });
  });

  it('when a partner has no scores, then its commitments count by role and its compliance is empty', async () => {
    const { kazakhstan } = await japanAcross(1);
    const res = await api.get(`/v1/participants/${kazakhstan.id}/profile`);
    expect(res.body.summits).toEqual([]);
    expect(res.body.commitments.byRole).toEqual({ pledger: 0, partner: 1, beneficiary: 0 });
    expect(res.body.compliance).toEqual({ assessed: 0, full: 0, partial: 0, none: 0, averageScore: null, compliancePct: null });
  });

  it('when a withdrawal takes effect after today, then the profile still shows the party', async () => {
    const japan = await createCountry(api, { name: 'Japan' });
    const agreement = await createAgreement(api, { title: 'Paris Agreement' });
    await api.post(`/v1/agreements/${agreement.id}/actions`).send({ participantId: japan.id, action: 'ratified', actionDate: '2016-11-08' }).expect(201);
    await api.post(`/v1/agreements/${agreement.id}/actions`).send({ participantId: japan.id, action: 'withdrew', actionDate: '2026-11-01', effectiveDate: '2027-11-01' }).expect(201);
    const res = await api.get(`/v1/participants/${japan.id}/profile`);
    expect(res.body.agreements).toMatchObject([{ agreementId: agreement.id, title: 'Paris Agreement', status: 'party', since: '2016-11-08', actions: 1 }]); // the withdrawal is not in effect yet
  });

  it('when the participant has ten times the records, then the profile runs the same number of statements', async () => {
    const few = await japanAcross(1);
    const small = await statementsOf(() => api.get(`/v1/participants/${few.japan.id}/profile`).expect(200));
    ({ api, db } = makeApp(undefined, { clock: () => new Date(`${TODAY}T12:00:00.000Z`) }));
    const many = await japanAcross(10);
    const large = await statementsOf(() => api.get(`/v1/participants/${many.japan.id}/profile`).expect(200));
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(8);
  });

  it('when the participant does not exist, then 404', async () => {
    expectProblem(await api.get(`/v1/participants/${missingId('par')}/profile`), 404, 'not_found');
  });

  it('when a person is profiled, then the parts are empty, not missing', async () => {
    const person = await createParticipant(api, { kind: 'person', name: 'Aida Aidarkulova' });
    const res = await api.get(`/v1/participants/${person.id}/profile`);
    expect(res.body).toMatchObject({ summits: [], agreements: [], commitments: { total: 0 } });
  });
});
