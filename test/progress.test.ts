// Progress updates (../API.md §2 "Progress updates"): append-only, sourced evidence, and the
// commitment's progressStatus that the latest update sets.
import { beforeEach, describe, expect, it } from 'vitest';
import { createCommitment, createCountry, createSummit, expectNoWrite, expectProblem, makeApp, missingId, type Api } from './helpers.js';

const SOURCE = 'https://www.example.org/energy-ministers-2025';
const TODAY = '2026-12-02';

let api: Api;
let db: ReturnType<typeof makeApp>['db'];
beforeEach(() => {
  ({ api, db } = makeApp(undefined, { clock: () => new Date(`${TODAY}T12:00:00.000Z`) }));
});

/** A commitment of Japan and Kazakhstan at a new summit. */
async function commitment(overrides: Record<string, unknown> = {}) {
  const [summit, japan, kazakhstan] = [await createSummit(api), await createCountry(api, { name: 'Japan' }), await createCountry(api, { name: 'Kazakhstan' })];
  const created = await createCommitment(api, {
    text: 'Cooperate on carbon-free technology',
    summitId: summit.id,
    parties: [
      { participantId: japan.id, role: 'pledger' },
      { participantId: kazakhstan.id, role: 'partner' },
    ],
    ...overrides,
  });
  return { id: created.id, japan: japan.id, kazakhstan: kazakhstan.id, summit: summit.id };
}

const post = (commitmentId: string, body: Record<string, unknown>) => api.post(`/v1/commitments/${commitmentId}/progress`).send(body);

async function record(commitmentId: string, asOfDate: string, status: string, extra: Record<string, unknown> = {}) {
  const res = await post(commitmentId, { asOfDate, status, sourceUrl: SOURCE, ...extra });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string } & Record<string, unknown>;
}

const statusOf = async (id: string) => (await api.get(`/v1/commitments/${id}`)).body.progressStatus as string;

describe('POST /v1/commitments/:id/progress', () => {
  it('when a sourced update is posted, then 201 with the update, its Location and ETag', async () => {
    const c = await commitment();
    const res = await post(c.id, { asOfDate: '2025-06', status: 'in_progress', participantId: c.japan, note: 'Feasibility study begun', sourceUrl: SOURCE });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^prg_[0-9A-HJKMNP-TV-Z]{26}$/),
      commitmentId: c.id,
      participantId: c.japan,
      asOfDate: '2025-06',
      status: 'in_progress',
      note: 'Feasibility study begun',
      sourceUrl: SOURCE,
      createdAt: expect.any(String),
      updatedAt: res.body.createdAt,
      version: 1,
    });
    expect(res.headers.location).toBe(`/v1/commitments/${c.id}/progress/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect((await api.get(res.headers.location!)).body).toEqual(res.body);
  });

  it.each([
    ['no source', { asOfDate: '2025', status: 'in_progress' }, ['#/sourceUrl']],
    ['a source that is not an http(s) URL', { asOfDate: '2025', status: 'in_progress', sourceUrl: 'ftp://example.org/x' }, ['#/sourceUrl']],
    ['no asOfDate', { status: 'in_progress', sourceUrl: SOURCE }, ['#/asOfDate']],
    ['a calendar-invalid asOfDate', { asOfDate: '2025-02-30', status: 'in_progress', sourceUrl: SOURCE }, ['#/asOfDate']],
    ['an unknown status', { asOfDate: '2025', status: 'done', sourceUrl: SOURCE }, ['#/status']],
    ['not_yet_rated, which only the absence of updates means', { asOfDate: '2025', status: 'not_yet_rated', sourceUrl: SOURCE }, ['#/status']],
    ['a read-only field', { asOfDate: '2025', status: 'stalled', sourceUrl: SOURCE, commitmentId: 'cmt_01HZY000000000000000000000' }, ['#']],
    ['a note over 5000 characters', { asOfDate: '2025', status: 'stalled', sourceUrl: SOURCE, note: 'x'.repeat(5001) }, ['#/note']],
  ])('when the body has %s, then 422 names it and nothing is written', async (_case, body, pointers) => {
    const c = await commitment();
    const res = await expectNoWrite(db, () => post(c.id, body));
    expectProblem(res, 422, 'validation_error');
    const errors = res.body.errors as { pointer: string }[];
    for (const pointer of pointers) expect(errors.some((e) => e.pointer === pointer || e.pointer.startsWith(`${pointer}`))).toBe(true);
  });

  it('when participantId is not a party to the commitment, then 422 points at it and nothing is written', async () => {
    const c = await commitment();
    const stranger = await createCountry(api, { name: 'Mongolia' });
    const res = await expectNoWrite(db, () => post(c.id, { asOfDate: '2025', status: 'stalled', participantId: stranger.id, sourceUrl: SOURCE }));
    expectProblem(res, 422, 'validation_error', ['#/participantId']);
  });

  it.each(['2026-12-03', '2027', '2026-13'])('when asOfDate %s is after today, then 422 and nothing is written', async (asOfDate) => {
    const c = await commitment();
    const res = await expectNoWrite(db, () => post(c.id, { asOfDate, status: 'fulfilled', sourceUrl: SOURCE }));
    expect(res.status).toBe(422);
  });

  it.each(['2026-12-02', '2026-12', '2026'])('when asOfDate %s is today or a period that has begun, then 201', async (asOfDate) => {
    const c = await commitment();
    expect((await post(c.id, { asOfDate, status: 'in_progress', sourceUrl: SOURCE })).status).toBe(201);
  });

  it('when the commitment does not exist, then 404 and nothing is written', async () => {
    const res = await expectNoWrite(db, () => post(missingId('cmt'), { asOfDate: '2025', status: 'stalled', sourceUrl: SOURCE }));
    expectProblem(res, 404, 'not_found');
  });
});

describe('append-only', () => {
  it.each(['put', 'patch', 'delete'] as const)('when %s is sent to an update, then 405 with Allow and nothing is written', async (method) => {
    const c = await commitment();
    const update = await record(c.id, '2025', 'in_progress');
    const res = await expectNoWrite(db, () => api[method](`/v1/commitments/${c.id}/progress/${update.id}`).send({ status: 'fulfilled' }));
    expectProblem(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  it.each(['put', 'patch', 'delete'] as const)('when %s is sent to the collection, then 405 and nothing is written', async (method) => {
    const c = await commitment();
    await record(c.id, '2025', 'in_progress');
    const res = await expectNoWrite(db, () => api[method](`/v1/commitments/${c.id}/progress`).send([]));
    expectProblem(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
  });
});

describe('the commitment’s progressStatus', () => {
  it('when there is no update, then it is not_yet_rated', async () => {
    expect(await statusOf((await commitment()).id)).toBe('not_yet_rated');
  });

  it('when updates arrive out of order, then the latest asOfDate wins, not the latest recorded', async () => {
    const c = await commitment();
    await record(c.id, '2025-06-30', 'fulfilled');
    await record(c.id, '2025-03-01', 'stalled');
    expect(await statusOf(c.id)).toBe('fulfilled');
    await record(c.id, '2025-07', 'partially_fulfilled');
    expect(await statusOf(c.id)).toBe('partially_fulfilled');
  });

  it('when two updates have the same asOfDate, then the one recorded last wins', async () => {
    const c = await commitment();
    await record(c.id, '2025-06', 'fulfilled');
    await record(c.id, '2025-06', 'not_fulfilled');
    expect(await statusOf(c.id)).toBe('not_fulfilled');
  });

  it('when a year and a date within it are recorded, then the date counts as the later', async () => {
    const c = await commitment();
    await record(c.id, '2025-02-01', 'in_progress');
    await record(c.id, '2025', 'stalled');
    expect(await statusOf(c.id)).toBe('in_progress');
  });

  it('when an update changes the status, then the commitment gets a new version and ETag; when it does not, it keeps them', async () => {
    const c = await commitment();
    await record(c.id, '2025-01', 'in_progress');
    const after = await api.get(`/v1/commitments/${c.id}`);
    expect(after.body.version).toBe(2);
    expect(after.headers.etag).toBe('"2"');
    await record(c.id, '2024-01', 'not_started'); // older: the status stays
    expect((await api.get(`/v1/commitments/${c.id}`)).body.version).toBe(2);
  });

  it('when progressStatus is given in a commitment body, then 422: it is read-only', async () => {
    const c = await commitment();
    const res = await expectNoWrite(db, () => api.patch(`/v1/commitments/${c.id}`).send({ progressStatus: 'fulfilled' }));
    expectProblem(res, 422, 'validation_error');
  });

  it('when listing by progressStatus and sorting, then the derived status filters', async () => {
    const a = await commitment({ dueDate: '2027' });
    const b = await commitment({ dueDate: '2026' });
    await record(a.id, '2025', 'fulfilled');
    await record(b.id, '2025', 'stalled');
    const fulfilled = await api.get('/v1/commitments?progressStatus=fulfilled');
    expect(fulfilled.body.data.map((x: { id: string }) => x.id)).toEqual([a.id]);
    const notFulfilled = await api.get('/v1/commitments?progressStatus=ne.fulfilled&sort=dueDate');
    expect(notFulfilled.body.data.map((x: { id: string }) => x.id)).toEqual([b.id]);
  });

  it('when a commitment is overdue today and then reported fulfilled, then overdue=true drops it', async () => {
    const c = await commitment({ dueDate: '2025-12' });
    const overdue = async () => (await api.get('/v1/commitments?overdue=true')).body.data.map((x: { id: string }) => x.id);
    expect(await overdue()).toEqual([c.id]);
    await record(c.id, '2026-01', 'fulfilled');
    expect(await overdue()).toEqual([]);
  });
});

describe('GET /v1/commitments/:id/progress', () => {
  it('when listed, then newest asOfDate first, ties by the one recorded last, and filters apply', async () => {
    const c = await commitment();
    const mid = await record(c.id, '2025-03', 'in_progress');
    const latest = await record(c.id, '2025-06', 'stalled', { participantId: c.japan });
    const old = await record(c.id, '2024', 'not_started');
    const midAgain = await record(c.id, '2025-03', 'delayed', { participantId: c.kazakhstan });
    const res = await api.get(`/v1/commitments/${c.id}/progress`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((u: { id: string }) => u.id)).toEqual([latest.id, midAgain.id, mid.id, old.id]);
    const japan = await api.get(`/v1/commitments/${c.id}/progress?participantId=${c.japan}`);
    expect(japan.body.data.map((u: { id: string }) => u.id)).toEqual([latest.id]);
    const oldest = await api.get(`/v1/commitments/${c.id}/progress?sort=asOfDate&limit=1`);
    expect(oldest.body.data.map((u: { id: string }) => u.id)).toEqual([old.id]);
  });

  it('when another commitment has updates, then they are not listed here', async () => {
    const [a, b] = [await commitment(), await commitment()];
    await record(a.id, '2025', 'in_progress');
    expect((await api.get(`/v1/commitments/${b.id}/progress`)).body.data).toEqual([]);
  });

  it('when the commitment is read with expand=progress, then its updates are embedded, newest first', async () => {
    const c = await commitment();
    const first = await record(c.id, '2024', 'not_started');
    const second = await record(c.id, '2025', 'in_progress');
    const res = await api.get(`/v1/commitments/${c.id}?expand=progress`);
    expect(res.body.progress.map((u: { id: string }) => u.id)).toEqual([second.id, first.id]);
    const list = await api.get(`/v1/commitments?expand=progress`);
    expect(list.body.data[0].progress).toHaveLength(2);
  });

  it('when the update is read with expand=participant, then its party is embedded, or null for the whole commitment', async () => {
    const c = await commitment();
    const party = await record(c.id, '2025', 'in_progress', { participantId: c.japan });
    const whole = await record(c.id, '2025', 'in_progress');
    expect((await api.get(`/v1/commitments/${c.id}/progress/${party.id}?expand=participant`)).body.participant).toMatchObject({ id: c.japan, name: 'Japan' });
    expect((await api.get(`/v1/commitments/${c.id}/progress/${whole.id}?expand=participant`)).body.participant).toBeNull();
  });

  it('when an update is read under another commitment, then 404', async () => {
    const [a, b] = [await commitment(), await commitment()];
    const update = await record(a.id, '2025', 'in_progress');
    expectProblem(await api.get(`/v1/commitments/${b.id}/progress/${update.id}`), 404, 'not_found');
  });
});

describe('changes that would orphan evidence', () => {
  it('when a commitment is patched to drop a party that an update names, then 422 at #/parties and nothing is written', async () => {
    const c = await commitment();
    await record(c.id, '2025', 'stalled', { participantId: c.kazakhstan });
    const res = await expectNoWrite(db, () => api.patch(`/v1/commitments/${c.id}`).send({ parties: [{ participantId: c.japan, role: 'pledger' }] }));
    expectProblem(res, 422, 'validation_error', ['#/parties']);
    expect(res.body.errors[0].detail).toContain(c.kazakhstan);
  });

  it('when the party an update names keeps its place (in another role), then the change goes through', async () => {
    const c = await commitment();
    await record(c.id, '2025', 'stalled', { participantId: c.kazakhstan });
    const parties = [{ participantId: c.japan, role: 'pledger' }, { participantId: c.kazakhstan, role: 'beneficiary' }];
    expect((await api.patch(`/v1/commitments/${c.id}`).send({ parties })).status).toBe(200);
  });

  it('when commitments are sorted by progressStatus, then by the status name, then by id', async () => {
    const [a, b, c] = [await commitment(), await commitment(), await commitment()];
    await record(a.id, '2025', 'stalled');
    await record(b.id, '2025', 'delayed');
    const res = await api.get('/v1/commitments?sort=progressStatus');
    expect(res.body.data.map((x: { id: string }) => x.id)).toEqual([b.id, c.id, a.id]); // delayed, not_yet_rated, stalled
  });
});

describe('deletes that would lose evidence', () => {
  it('when a commitment has progress updates, then deleting it is 409 with the count, and nothing is deleted', async () => {
    const c = await commitment();
    await record(c.id, '2025', 'in_progress');
    const res = await expectNoWrite(db, () => api.delete(`/v1/commitments/${c.id}`));
    expectProblem(res, 409, 'has_dependents');
    expect(res.body.dependents).toEqual({ progressUpdates: 1 });
  });

  it('when a participant is named by a progress update, then deleting it is 409 counting the update', async () => {
    const c = await commitment();
    await record(c.id, '2025', 'in_progress', { participantId: c.kazakhstan });
    const res = await expectNoWrite(db, () => api.delete(`/v1/participants/${c.kazakhstan}`));
    expectProblem(res, 409, 'has_dependents');
    expect(res.body.dependents).toMatchObject({ progressUpdates: 1, commitmentParties: 1 });
  });
});
