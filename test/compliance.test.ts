// Compliance reports, assessments and figures (../API.md §2 "Compliance"): the rules of a scored
// assessment, and the statistics checked against figures worked out by hand.
import { beforeEach, describe, expect, it } from 'vitest';
import { createAgreement, createCommitment, createCountry, createSummit, expectNoWrite, expectProblem, makeApp, missingId, type Api } from './helpers.js';

let api: Api;
let db: ReturnType<typeof makeApp>['db'];
beforeEach(() => {
  ({ api, db } = makeApp());
});

const createReport = async (body: Record<string, unknown>) => {
  const res = await api.post('/v1/compliance-reports').send(body);
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; version: number } & Record<string, unknown>;
};

const assess = (reportId: string, items: Record<string, unknown>[]) => api.put(`/v1/compliance-reports/${reportId}/assessments`).send(items);

/** A summit with two members and one commitment of both. */
async function setting() {
  const summit = await createSummit(api);
  const [japan, kazakhstan] = [await createCountry(api, { name: 'Japan' }), await createCountry(api, { name: 'Kazakhstan' })];
  const commitment = await createCommitment(api, {
    summitId: summit.id,
    parties: [
      { participantId: japan.id, role: 'pledger' },
      { participantId: kazakhstan.id, role: 'pledger' },
    ],
  });
  const report = await createReport({ summitId: summit.id, kind: 'final' });
  return { summit: summit.id, japan: japan.id, kazakhstan: kazakhstan.id, commitment: commitment.id, report: report.id };
}

describe('compliance reports', () => {
  it('when a report is created, then 201 with its defaults, Location and ETag; it reads back and lists', async () => {
    const summit = await createSummit(api);
    const res = await api
      .post('/v1/compliance-reports')
      .send({ summitId: summit.id, kind: 'interim', periodStart: '2024-08', periodEnd: '2025-01', assessor: 'Research group', url: 'https://www.example.org/interim' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ summitId: summit.id, kind: 'interim', isPreliminary: false, publishedDate: null, version: 1 });
    expect(res.body.id).toMatch(/^rpt_/);
    expect(res.headers.location).toBe(`/v1/compliance-reports/${res.body.id}`);
    expect((await api.get(res.headers.location!)).body).toEqual(res.body);
    expect((await api.get(`/v1/compliance-reports?summitId=${summit.id}&kind=interim`)).body.data).toEqual([res.body]);
    expect((await api.get(`/v1/compliance-reports/${res.body.id}?expand=summit`)).body.summit).toMatchObject({ id: summit.id });
  });

  it.each([
    ['an unknown summit', () => ({ summitId: missingId('smt'), kind: 'final' }), ['#/summitId']],
    ['an unknown kind', (s: string) => ({ summitId: s, kind: 'annual' }), ['#/kind']],
    ['periodEnd before periodStart', (s: string) => ({ summitId: s, kind: 'final', periodStart: '2025-02', periodEnd: '2025-01' }), ['#/periodEnd']],
    ['no summit', () => ({ kind: 'final' }), ['#/summitId']],
    ['a url that is not http(s)', (s: string) => ({ summitId: s, kind: 'final', url: 'javascript:alert(1)' }), ['#/url']],
  ])('when a report has %s, then 422 and nothing is written', async (_case, body, pointers) => {
    const summit = await createSummit(api);
    const res = await expectNoWrite(db, () => api.post('/v1/compliance-reports').send(body(summit.id)));
    expectProblem(res, 422, 'validation_error', pointers);
  });

  it('when a report is patched and replaced, then versions follow and If-Match guards it', async () => {
    const { report } = await setting();
    const patched = await api.patch(`/v1/compliance-reports/${report}`).send({ publishedDate: '2025-06-15' });
    expect(patched.body).toMatchObject({ publishedDate: '2025-06-15', version: 2 });
    const stale = await expectNoWrite(db, () => api.patch(`/v1/compliance-reports/${report}`).set('If-Match', '"1"').send({ assessor: 'x' }));
    expectProblem(stale, 412, 'precondition_failed');
  });

  it('when a report with assessments is moved to another summit, then 422 and nothing is written', async () => {
    const s = await setting();
    await assess(s.report, [{ commitmentId: s.commitment, participantId: s.japan, score: 1 }]).expect(200);
    const other = await createSummit(api, { name: 'Another summit' });
    const res = await expectNoWrite(db, () => api.patch(`/v1/compliance-reports/${s.report}`).send({ summitId: other.id }));
    expectProblem(res, 422, 'validation_error', ['#/summitId']);
  });

  it('when a report is deleted, then its assessments go with it and the commitment can be deleted again', async () => {
    const s = await setting();
    await assess(s.report, [{ commitmentId: s.commitment, participantId: s.japan, score: 1 }]).expect(200);
    expectProblem(await api.delete(`/v1/commitments/${s.commitment}`), 409, 'has_dependents');
    expect((await api.delete(`/v1/compliance-reports/${s.report}`)).status).toBe(204);
    expect(db.$client.prepare('SELECT count(*) AS n FROM assessments').get()).toEqual({ n: 0 });
    expectProblem(await api.get(`/v1/compliance-reports/${s.report}/assessments`), 404, 'not_found');
    expect((await api.delete(`/v1/commitments/${s.commitment}`)).status).toBe(204);
  });

  it('when a summit has a compliance report, then deleting it is 409 counting the report', async () => {
    const s = await setting();
    await api.delete(`/v1/commitments/${s.commitment}`).expect(204);
    const res = await expectNoWrite(db, () => api.delete(`/v1/summits/${s.summit}`));
    expectProblem(res, 409, 'has_dependents');
    expect(res.body.dependents).toEqual({ complianceReports: 1 });
  });
});

describe('PUT /v1/compliance-reports/:id/assessments', () => {
  it('when assessments are sent, then 200 with them in order; sent again changed, they are replaced in place', async () => {
    const s = await setting();
    const first = await assess(s.report, [
      { commitmentId: s.commitment, participantId: s.japan, score: 1, rationale: 'Law passed', sourceUrl: 'https://www.example.org/law' },
      { commitmentId: s.commitment, participantId: s.kazakhstan, score: null, rationale: 'No information' },
    ]);
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject([
      { reportId: s.report, commitmentId: s.commitment, participantId: s.japan, score: 1, version: 1 },
      { participantId: s.kazakhstan, score: null, sourceUrl: null, version: 1 },
    ]);
    const again = await assess(s.report, [
      { commitmentId: s.commitment, participantId: s.kazakhstan, score: 0, rationale: 'Draft law' },
      { commitmentId: s.commitment, participantId: s.japan, score: 1, rationale: 'Law passed', sourceUrl: 'https://www.example.org/law' },
    ]);
    expect(again.body.data).toMatchObject([
      { id: first.body.data[1].id, score: 0, version: 2 },
      { id: first.body.data[0].id, score: 1, version: 1 }, // unchanged: same version
    ]);
    const listed = await api.get(`/v1/compliance-reports/${s.report}/assessments?sort=createdAt`);
    expect(listed.body.data.map((a: { id: string }) => a.id)).toEqual([first.body.data[0].id, first.body.data[1].id]);
    const one = await api.get(`/v1/compliance-reports/${s.report}/assessments/${first.body.data[0].id}?expand=commitment,participant`);
    expect(one.body).toMatchObject({ commitment: { id: s.commitment }, participant: { id: s.japan, name: 'Japan' } });
  });

  it('when the commitment belongs to the summit through its agreement, then it can be assessed', async () => {
    const s = await setting();
    const agreement = await createAgreement(api, { summitId: s.summit });
    const viaAgreement = await createCommitment(api, { agreementId: agreement.id, parties: [{ participantId: s.japan, role: 'pledger' }] });
    expect((await assess(s.report, [{ commitmentId: viaAgreement.id, participantId: s.japan, score: 0 }])).status).toBe(200);
  });

  it('when items break the rules, then 422 points at each of them and nothing is written', async () => {
    const s = await setting();
    const elsewhere = await createSummit(api, { name: 'Elsewhere' });
    const foreign = await createCommitment(api, { summitId: elsewhere.id, parties: [{ participantId: s.japan, role: 'pledger' }] });
    const stranger = await createCountry(api, { name: 'Mongolia' });
    const res = await expectNoWrite(db, () =>
      assess(s.report, [
        { commitmentId: s.commitment, participantId: s.japan, score: 1 },
        { commitmentId: foreign.id, participantId: s.japan, score: 1 },
        { commitmentId: s.commitment, participantId: stranger.id, score: 0 },
        { commitmentId: missingId('cmt'), participantId: s.japan, score: 0 },
      ]),
    );
    expectProblem(res, 422, 'validation_error', ['#/1/commitmentId', '#/2/participantId', '#/3/commitmentId']);
  });

  it.each([
    ['a score of 2', [{ score: 2 }], ['#/0/score']],
    ['no score', [{ score: undefined }], ['#/0/score']],
    ['the same pair twice', [{ score: 1 }, { score: 0 }], ['#/1']],
    ['an unknown member', [{ score: 1, weight: 2 }], ['#/0/weight']],
  ])('when the body has %s, then 422 and nothing is written', async (_case, overrides, pointers) => {
    const s = await setting();
    const items = overrides.map((o) => ({ commitmentId: s.commitment, participantId: s.japan, ...o }));
    const res = await expectNoWrite(db, () => assess(s.report, items));
    expect(res.status).toBe(422);
    const errors = res.body.errors as { pointer: string }[];
    for (const pointer of pointers) expect(errors.some((e) => e.pointer === pointer)).toBe(true);
  });

  it('when the body is an empty array, then 422; when the report does not exist, then 404', async () => {
    const s = await setting();
    expectProblem(await expectNoWrite(db, () => assess(s.report, [])), 422, 'validation_error');
    expectProblem(await expectNoWrite(db, () => assess(missingId('rpt'), [{ commitmentId: s.commitment, participantId: s.japan, score: 1 }])), 404, 'not_found');
  });

  it('when an assessed commitment is moved to another summit or loses the assessed party, then 422 and nothing is written', async () => {
    const s = await setting();
    await assess(s.report, [{ commitmentId: s.commitment, participantId: s.kazakhstan, score: 1 }]).expect(200);
    const other = await createSummit(api, { name: 'Another summit' });
    expectProblem(await expectNoWrite(db, () => api.patch(`/v1/commitments/${s.commitment}`).send({ summitId: other.id })), 422, 'validation_error', ['#/summitId']);
    const res = await expectNoWrite(db, () => api.patch(`/v1/commitments/${s.commitment}`).send({ parties: [{ participantId: s.japan, role: 'pledger' }] }));
    expectProblem(res, 422, 'validation_error', ['#/parties']);
  });

  it('when an assessed commitment moves to an agreement adopted at the report’s summit, then it stays assessable and the change goes through', async () => {
    const s = await setting();
    await assess(s.report, [{ commitmentId: s.commitment, participantId: s.japan, score: 1 }]).expect(200);
    const agreement = await createAgreement(api, { summitId: s.summit });
    const res = await api.patch(`/v1/commitments/${s.commitment}`).send({ summitId: null, agreementId: agreement.id });
    expect(res.status, res.text).toBe(200);
  });

  it('when a participant is assessed, then deleting it is 409 counting the assessment', async () => {
    const s = await setting();
    await assess(s.report, [{ commitmentId: s.commitment, participantId: s.kazakhstan, score: -1 }]).expect(200);
    const res = await expectNoWrite(db, () => api.delete(`/v1/participants/${s.kazakhstan}`));
    expectProblem(res, 409, 'has_dependents');
    expect(res.body.dependents).toMatchObject({ assessments: 1 });
  });
});

/**
 * The fixture of the hand-worked figures: one summit, three members (Japan, Kazakhstan,
 * Uzbekistan), four commitments and three reports.
 *
 *   c1 adopted, priority, energy.nuclear_power   c2 adopted, security.cybersecurity
 *   c3 adopted, energy (Japan, Kazakhstan only)  c4 proposed (never counts)
 *
 *   final, published 2025-06 (the latest final):  c1 J+1 K0 U-1 · c2 J+1 K+1 U null · c3 J0 K-1 · c4 all +1
 *   final, published 2025-03 (superseded):        c1 all -1
 *   interim, published 2025-01:                    c1, c2, c3 all 0
 */
async function handWorkedFixture() {
  const summit = await createSummit(api);
  const j = await createCountry(api, { name: 'Japan' });
  const k = await createCountry(api, { name: 'Kazakhstan' });
  const u = await createCountry(api, { name: 'Uzbekistan' });
  const all = [j, k, u].map((p) => ({ participantId: p.id, role: 'pledger' }));
  const c1 = await createCommitment(api, { summitId: summit.id, summary: 'c1', isPriority: true, themes: ['energy.nuclear_power'], parties: all });
  const c2 = await createCommitment(api, { summitId: summit.id, summary: 'c2', themes: ['security.cybersecurity'], parties: all });
  const c3 = await createCommitment(api, { summitId: summit.id, summary: 'c3', themes: ['energy'], parties: all.slice(0, 2) });
  const c4 = await createCommitment(api, { summitId: summit.id, summary: 'c4', status: 'proposed', themes: ['energy'], parties: all });
  const score = (c: { id: string }, p: { id: string }, value: number | null) => ({ commitmentId: c.id, participantId: p.id, score: value });

  const latest = await createReport({ summitId: summit.id, kind: 'final', publishedDate: '2025-06' });
  const superseded = await createReport({ summitId: summit.id, kind: 'final', publishedDate: '2025-03' });
  const interim = await createReport({ summitId: summit.id, kind: 'interim', publishedDate: '2025-01' });
  await assess(latest.id, [
    score(c1, j, 1), score(c1, k, 0), score(c1, u, -1),
    score(c2, j, 1), score(c2, k, 1), score(c2, u, null),
    score(c3, j, 0), score(c3, k, -1),
    score(c4, j, 1), score(c4, k, 1), score(c4, u, 1),
  ]).expect(200);
  await assess(superseded.id, [score(c1, j, -1), score(c1, k, -1), score(c1, u, -1)]).expect(200);
  await assess(interim.id, [c1, c2, c3].flatMap((c) => [j, k, u].filter((p) => c !== c3 || p !== u).map((p) => score(c, p, 0)))).expect(200);
  return { summit, j, k, u, c1, c2, c3 };
}

const row = (key: string, label: string, assessed: number, full: number, partial: number, none: number, averageScore: number | null, compliancePct: number | null) => ({
  key, label, assessed, full, partial, none, averageScore, compliancePct,
});

describe('GET /v1/stats/compliance, against figures worked out by hand', () => {
  it('when grouped by participant, then each member’s latest-final scores: J (1+1+0)/3, K (0+1−1)/3, U −1/1 (null not counted)', async () => {
    const f = await handWorkedFixture();
    const res = await api.get('/v1/stats/compliance?groupBy=participant');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: [
        row(f.j.id, 'Japan', 3, 2, 1, 0, 0.67, 83.3),
        row(f.k.id, 'Kazakhstan', 3, 1, 1, 1, 0, 50),
        row(f.u.id, 'Uzbekistan', 1, 0, 0, 1, -1, 0),
      ],
    });
  });

  it('when grouped by commitment, then the proposed one is absent and c2’s null is not counted', async () => {
    const f = await handWorkedFixture();
    const res = await api.get('/v1/stats/compliance?groupBy=commitment');
    expect(res.body.data).toEqual([row(f.c1.id, 'c1', 3, 1, 1, 1, 0, 50), row(f.c2.id, 'c2', 2, 2, 0, 0, 1, 100), row(f.c3.id, 'c3', 2, 0, 1, 1, -0.5, 25)]);
  });

  it('when grouped by theme, then each commitment counts under its own theme', async () => {
    await handWorkedFixture();
    const res = await api.get('/v1/stats/compliance?groupBy=theme');
    expect(res.body.data).toEqual([
      row('energy', 'energy', 2, 0, 1, 1, -0.5, 25),
      row('energy.nuclear_power', 'energy.nuclear_power', 3, 1, 1, 1, 0, 50),
      row('security.cybersecurity', 'security.cybersecurity', 2, 2, 0, 0, 1, 100),
    ]);
  });

  it('when grouped by summit, then seven scores count: (1+0−1+1+1+0−1)/7 = 0.142857…, 57.1%', async () => {
    const f = await handWorkedFixture();
    const res = await api.get('/v1/stats/compliance?groupBy=summit');
    expect(res.body.data).toEqual([row(f.summit.id, 'Central Asia + Japan Summit', 7, 3, 2, 2, 0.14, 57.1)]);
  });

  it('when filtered by theme=energy, then c1 (a child theme) and c3 count: J (1+0)/2, K (0−1)/2, U −1', async () => {
    const f = await handWorkedFixture();
    const res = await api.get('/v1/stats/compliance?groupBy=participant&theme=energy');
    expect(res.body.data).toEqual([row(f.j.id, 'Japan', 2, 1, 1, 0, 0.5, 75), row(f.k.id, 'Kazakhstan', 2, 0, 1, 1, -0.5, 25), row(f.u.id, 'Uzbekistan', 1, 0, 0, 1, -1, 0)]);
    const themes = await api.get('/v1/stats/compliance?groupBy=theme&theme=energy');
    expect(themes.body.data.map((r: { key: string }) => r.key)).toEqual(['energy', 'energy.nuclear_power']);
  });

  it('when filtered by isPriority=true and participantId, then only c1 of that member counts', async () => {
    const f = await handWorkedFixture();
    expect((await api.get('/v1/stats/compliance?isPriority=true')).body.data).toEqual([
      row(f.j.id, 'Japan', 1, 1, 0, 0, 1, 100),
      row(f.k.id, 'Kazakhstan', 1, 0, 1, 0, 0, 50),
      row(f.u.id, 'Uzbekistan', 1, 0, 0, 1, -1, 0),
    ]);
    expect((await api.get(`/v1/stats/compliance?groupBy=commitment&participantId=${f.k.id}`)).body.data).toEqual([
      row(f.c1.id, 'c1', 1, 0, 1, 0, 0, 50),
      row(f.c2.id, 'c2', 1, 1, 0, 0, 1, 100),
      row(f.c3.id, 'c3', 1, 0, 0, 1, -1, 0),
    ]);
  });

  it('when reportKind=interim, then the interim scores count: all 0, 50%', async () => {
    const f = await handWorkedFixture();
    const res = await api.get(`/v1/stats/compliance?reportKind=interim&groupBy=summit&summitId=${f.summit.id}`);
    expect(res.body.data).toEqual([row(f.summit.id, 'Central Asia + Japan Summit', 8, 0, 8, 0, 0, 50)]);
  });

  it('when a commitment is withdrawn, then its scores stop counting', async () => {
    const f = await handWorkedFixture();
    await api.patch(`/v1/commitments/${f.c2.id}`).send({ status: 'withdrawn' }).expect(200);
    const res = await api.get('/v1/stats/compliance?groupBy=commitment');
    expect(res.body.data.map((r: { key: string }) => r.key)).toEqual([f.c1.id, f.c3.id]);
  });

  it('when only null scores exist for a group, then it is listed with nothing assessed and no average', async () => {
    const s = await setting();
    await assess(s.report, [{ commitmentId: s.commitment, participantId: s.japan, score: null }]).expect(200);
    expect((await api.get('/v1/stats/compliance')).body.data).toEqual([row(s.japan, 'Japan', 0, 0, 0, 0, null, null)]);
  });

  it.each([
    ['groupBy=country', 'groupBy'],
    ['reportKind=annual', 'reportKind'],
    ['isPriority=yes', 'isPriority'],
    ['summitId=par_01HZY000000000000000000000', 'summitId'],
    ['theme=Energy', 'theme'],
    ['groupBy=theme&groupBy=summit', 'groupBy'],
    ['colour=red', 'colour'],
  ])('when the query is %s, then 400 names %s', async (query, parameter) => {
    expectProblem(await api.get(`/v1/stats/compliance?${query}`), 400, 'invalid_parameter', [parameter]);
  });
});
