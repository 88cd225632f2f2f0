import { beforeEach, describe, expect, it } from 'vitest';
import {
  createAgreement,
  createCommitment,
  createCountry,
  createParticipant,
  createSummit,
  expectNoWrite,
  expectProblem,
  makeApp,
  TARGET_DEFAULTS,
  missingId,
  type Api,
} from './helpers.js';

let api: Api;
let db: ReturnType<typeof makeApp>['db'];
beforeEach(() => {
  ({ api, db } = makeApp());
});

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const COMMITMENT_ID = /^cmt_[0-9A-HJKMNP-TV-Z]{26}$/;

/** A well-formed participant id, distinct for each `n`, that names nothing. */
const absentParticipantId = (n: number) => `par_01HZ${String(n).padStart(22, '0')}`;

type Body = Record<string, unknown>;

const without = (body: Body, ...keys: string[]): Body =>
  Object.fromEntries(Object.entries(body).filter(([key]) => !keys.includes(key)));

const rowCount = (table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;

/** A summit, an agreement, two countries and a valid body that anchors a commitment to the summit. */
async function setting() {
  const summit = await createSummit(api);
  const agreement = await createAgreement(api, { summitId: summit.id });
  const japan = await createCountry(api, { name: 'Japan' });
  const kazakhstan = await createCountry(api, { name: 'Kazakhstan' });
  const body: Body = {
    text: 'Target net-zero carbon emissions by 2050 or later.',
    scope: 'collective',
    summitId: summit.id,
    parties: [{ participantId: japan.id, role: 'pledger' }],
  };
  return { summit, agreement, japan, kazakhstan, body };
}
type Setting = Awaited<ReturnType<typeof setting>>;

/** A commitment that sets every writable field. */
async function fullCommitment(s: Setting, overrides: Body = {}) {
  return createCommitment(api, {
    text: 'Cooperate on decarbonisation.\nVerbatim from the Astana declaration.',
    summary: 'Decarbonisation cooperation',
    code: 'CAJ-2024-7',
    summitId: s.summit.id,
    agreementId: s.agreement.id,
    scope: 'group',
    status: 'proposed',
    parties: [
      { participantId: s.kazakhstan.id, role: 'beneficiary' },
      { participantId: s.japan.id, role: 'pledger' },
    ],
    proposedById: s.japan.id,
    madeDate: '2024-05',
    dueDate: '2050',
    isPriority: true,
    themes: ['climate.net_zero', 'energy'],
    targets: [{ targetType: 'net_zero', targetYear: 2050, yearQualifier: 'or_later', gasCoverage: 'co2' }],
    sourceUrls: ['https://www.mofa.go.jp/files/100000000.pdf'],
    ...overrides,
  });
}

describe('POST /v1/commitments', () => {
  it('when only the required fields are sent, then 201 with Location, ETag "1" and every default', async () => {
    const s = await setting();
    const res = await api.post('/v1/commitments').send({
      text: 'Expand cooperation on critical minerals',
      scope: 'group',
      summitId: s.summit.id,
      parties: [
        { participantId: s.kazakhstan.id, role: 'beneficiary' },
        { participantId: s.japan.id, role: 'pledger' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(COMMITMENT_ID),
      text: 'Expand cooperation on critical minerals',
      summary: null,
      code: null,
      summitId: s.summit.id,
      agreementId: null,
      scope: 'group',
      status: 'adopted',
      parties: [
        { participantId: s.kazakhstan.id, role: 'beneficiary' },
        { participantId: s.japan.id, role: 'pledger' },
      ],
      proposedById: null,
      madeDate: null,
      dueDate: null,
      isPriority: false,
      themes: [],
      targets: [],
      sourceUrls: [],
      progressStatus: 'not_yet_rated',
      createdAt: expect.stringMatching(TIMESTAMP),
      updatedAt: res.body.createdAt,
      version: 1,
    });
    expect(res.headers.location).toBe(`/v1/commitments/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers['cache-control']).toBe('no-store');

    const read = await api.get(`/v1/commitments/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.body).toEqual(res.body);
  });

  it('when every field is sent, then each is stored, target defaults are filled and GET returns the same', async () => {
    const s = await setting();
    const created = await fullCommitment(s, {
      targets: [
        { targetType: 'net_zero', targetYear: 2050, yearQualifier: 'or_later', gasCoverage: 'co2', legalStatus: 'declaration_pledge' },
        { targetType: 'emissions_reduction', targetYear: 2030, baselineYear: 2013, reductionPct: 46.5, note: 'against 2013' },
      ],
    });
    expect(created).toEqual({
      id: expect.stringMatching(COMMITMENT_ID),
      text: 'Cooperate on decarbonisation.\nVerbatim from the Astana declaration.',
      summary: 'Decarbonisation cooperation',
      code: 'CAJ-2024-7',
      summitId: s.summit.id,
      agreementId: s.agreement.id,
      scope: 'group',
      status: 'proposed',
      parties: [
        { participantId: s.kazakhstan.id, role: 'beneficiary' },
        { participantId: s.japan.id, role: 'pledger' },
      ],
      proposedById: s.japan.id,
      madeDate: '2024-05',
      dueDate: '2050',
      isPriority: true,
      themes: ['climate.net_zero', 'energy'],
      targets: [
        {
          targetType: 'net_zero',
          targetYear: 2050,
          yearQualifier: 'or_later',
          baselineYear: null,
          reductionPct: null,
          ...TARGET_DEFAULTS,
          gasCoverage: 'co2',
          legalStatus: 'declaration_pledge',
          note: null,
        },
        {
          targetType: 'emissions_reduction',
          targetYear: 2030,
          yearQualifier: 'by',
          baselineYear: 2013,
          reductionPct: 46.5,
          ...TARGET_DEFAULTS,
          gasCoverage: 'unspecified',
          legalStatus: null,
          note: 'against 2013',
        },
      ],
      sourceUrls: ['https://www.mofa.go.jp/files/100000000.pdf'],
      progressStatus: 'not_yet_rated',
      createdAt: expect.stringMatching(TIMESTAMP),
      updatedAt: created.createdAt,
      version: 1,
    });
    expect((await api.get(`/v1/commitments/${created.id}`)).body).toEqual(created);
  });

  it('when three parties are listed, then they keep their order and roles', async () => {
    const s = await setting();
    const un = await createParticipant(api, { kind: 'organization', name: 'United Nations' });
    const parties = [
      { participantId: un.id, role: 'partner' },
      { participantId: s.kazakhstan.id, role: 'beneficiary' },
      { participantId: s.japan.id, role: 'pledger' },
    ];
    const created = await createCommitment(api, { ...s.body, parties });
    expect(created.parties).toEqual(parties);
    expect((await api.get(`/v1/commitments/${created.id}`)).body.parties).toEqual(parties);
  });

  it('when only an agreementId anchors it, then it is created without a summit', async () => {
    const s = await setting();
    const created = await createCommitment(api, { ...without(s.body, 'summitId'), agreementId: s.agreement.id });
    expect(created).toMatchObject({ summitId: null, agreementId: s.agreement.id, version: 1 });
  });

  it('when both a summitId and an agreementId are given, then both are kept', async () => {
    const s = await setting();
    const created = await createCommitment(api, { ...s.body, agreementId: s.agreement.id });
    expect(created).toMatchObject({ summitId: s.summit.id, agreementId: s.agreement.id });
  });

  it('when partial dates of different precision share a prefix, then they are in order', async () => {
    const s = await setting();
    const byYear = await createCommitment(api, { ...s.body, madeDate: '2024-05', dueDate: '2050' });
    expect(byYear).toMatchObject({ madeDate: '2024-05', dueDate: '2050' });
    const sameYear = await createCommitment(api, { ...s.body, madeDate: '2024-05-19', dueDate: '2024' });
    expect(sameYear).toMatchObject({ madeDate: '2024-05-19', dueDate: '2024' });
    const sameDay = await createCommitment(api, { ...s.body, madeDate: '2024-02-29', dueDate: '2024-02-29' });
    expect(sameDay).toMatchObject({ madeDate: '2024-02-29', dueDate: '2024-02-29' });
  });

  it('when the text is exactly 10000 characters and the code exactly 40, then it is accepted', async () => {
    const s = await setting();
    const created = await createCommitment(api, { ...s.body, text: 'x'.repeat(10000), code: 'C'.repeat(40) });
    expect(created).toMatchObject({ text: 'x'.repeat(10000), code: 'C'.repeat(40) });
  });

  it('when there are exactly 200 parties, then all are stored in order', async () => {
    const s = await setting();
    const parties = [];
    for (let i = 0; i < 200; i++) {
      const p = await createParticipant(api, { kind: 'organization', name: `Org ${i}` });
      parties.push({ participantId: p.id, role: i === 0 ? 'pledger' : 'partner' });
    }
    const created = await createCommitment(api, { ...s.body, parties });
    expect(created.parties).toEqual(parties);
  });

  it.each<[string, (s: Setting) => Body, string[]]>([
    ['neither summitId nor agreementId, nor the date and source of a pledge of its own', (s) => without(s.body, 'summitId'), ['#/madeDate', '#/sourceUrls']],
    ['null summitId and agreementId, and no date or source', (s) => ({ ...s.body, summitId: null, agreementId: null }), ['#/madeDate', '#/sourceUrls']],
    [
      'the same participant twice among the parties',
      (s) => ({
        ...s.body,
        parties: [
          { participantId: s.japan.id, role: 'pledger' },
          { participantId: s.japan.id, role: 'partner' },
        ],
      }),
      ['#/parties/1/participantId'],
    ],
    ['an empty parties array', (s) => ({ ...s.body, parties: [] }), ['#/parties']],
    ['no parties', (s) => without(s.body, 'parties'), ['#/parties']],
    ['null parties', (s) => ({ ...s.body, parties: null }), ['#/parties']],
    ['parties that are not an array', (s) => ({ ...s.body, parties: { participantId: s.japan.id, role: 'pledger' } }), ['#/parties']],
    [
      '201 parties',
      (s) => ({ ...s.body, parties: Array.from({ length: 201 }, (_, i) => ({ participantId: absentParticipantId(i), role: 'partner' })) }),
      ['#/parties'],
    ],
    ['an unknown party role', (s) => ({ ...s.body, parties: [{ participantId: s.japan.id, role: 'donor' }] }), ['#/parties/0/role']],
    ['a party without a role', (s) => ({ ...s.body, parties: [{ participantId: s.japan.id }] }), ['#/parties/0/role']],
    ['a party with an unknown field', (s) => ({ ...s.body, parties: [{ participantId: s.japan.id, role: 'pledger', note: 'x' }] }), ['#/parties/0/note']],
    ['a malformed party participantId', (s) => ({ ...s.body, parties: [{ participantId: 'par_1', role: 'pledger' }] }), ['#/parties/0/participantId']],
    ['a summit id as a party', (s) => ({ ...s.body, parties: [{ participantId: s.summit.id, role: 'pledger' }] }), ['#/parties/0/participantId']],
    ['a malformed summitId', (s) => ({ ...s.body, summitId: 'smt_123' }), ['#/summitId']],
    ['an agreement id as summitId', (s) => ({ ...s.body, summitId: s.agreement.id }), ['#/summitId']],
    ['a malformed agreementId', (s) => ({ ...s.body, agreementId: 'agr_not-an-id' }), ['#/agreementId']],
    ['a malformed proposedById', (s) => ({ ...s.body, proposedById: s.summit.id }), ['#/proposedById']],
    ['a dueDate the day before madeDate', (s) => ({ ...s.body, madeDate: '2024-05-19', dueDate: '2024-05-18' }), ['#/dueDate']],
    ['a dueDate month before a madeDate year', (s) => ({ ...s.body, madeDate: '2025', dueDate: '2024-12' }), ['#/dueDate']],
    ['a dueDate year before a madeDate day', (s) => ({ ...s.body, madeDate: '2024-05-19', dueDate: '2023' }), ['#/dueDate']],
    ['a calendar-invalid madeDate', (s) => ({ ...s.body, madeDate: '2025-02-29' }), ['#/madeDate']],
    ['a calendar-invalid dueDate', (s) => ({ ...s.body, dueDate: '2030-04-31' }), ['#/dueDate']],
    ['a month 13', (s) => ({ ...s.body, dueDate: '2030-13' }), ['#/dueDate']],
    ['a date that is not ISO', (s) => ({ ...s.body, madeDate: '19/05/2024' }), ['#/madeDate']],
    ['a full timestamp as a date', (s) => ({ ...s.body, madeDate: '2024-05-19T10:00:00Z' }), ['#/madeDate']],
    ['no text', (s) => without(s.body, 'text'), ['#/text']],
    ['an empty text', (s) => ({ ...s.body, text: '' }), ['#/text']],
    ['a blank text', (s) => ({ ...s.body, text: ' \n\t ' }), ['#/text']],
    ['a text over 10000 characters', (s) => ({ ...s.body, text: 'x'.repeat(10001) }), ['#/text']],
    ['a control character in the text', (s) => ({ ...s.body, text: 'a\u0007b' }), ['#/text']],
    ['a number for text', (s) => ({ ...s.body, text: 42 }), ['#/text']],
    ['a summary over 500 characters', (s) => ({ ...s.body, summary: 'x'.repeat(501) }), ['#/summary']],
    ['a code over 40 characters', (s) => ({ ...s.body, code: 'C'.repeat(41) }), ['#/code']],
    ['a line break in the code', (s) => ({ ...s.body, code: 'CAJ\n7' }), ['#/code']],
    ['an empty code', (s) => ({ ...s.body, code: '' }), ['#/code']],
    ['a blank code', (s) => ({ ...s.body, code: '   ' }), ['#/code']],
    ['no scope', (s) => without(s.body, 'scope'), ['#/scope']],
    ['an unknown scope', (s) => ({ ...s.body, scope: 'global' }), ['#/scope']],
    ['an unknown status', (s) => ({ ...s.body, status: 'kept' }), ['#/status']],
    ['a string isPriority', (s) => ({ ...s.body, isPriority: 'true' }), ['#/isPriority']],
    ['a numeric isPriority', (s) => ({ ...s.body, isPriority: 1 }), ['#/isPriority']],
    ['a progressStatus', (s) => ({ ...s.body, progressStatus: 'fulfilled' }), ['#/progressStatus']],
    ['read-only id and version', (s) => ({ ...s.body, id: 'cmt_x', version: 2 }), ['#/id', '#/version']],
    ['an unknown field', (s) => ({ ...s.body, deadline: '2030' }), ['#/deadline']],
    ['a theme that is not a slug', (s) => ({ ...s.body, themes: ['Climate Change'] }), ['#/themes/0']],
    ['a repeated theme', (s) => ({ ...s.body, themes: ['energy', 'energy'] }), ['#/themes']],
    ['a sourceUrl that is not http(s)', (s) => ({ ...s.body, sourceUrls: ['ftp://example.org/a.pdf'] }), ['#/sourceUrls/0']],
    [
      'a target whose baselineYear equals its targetYear',
      (s) => ({ ...s.body, targets: [{ targetType: 'net_zero', targetYear: 2050, baselineYear: 2050 }] }),
      ['#/targets/0/baselineYear'],
    ],
    [
      'a target whose baselineYear is after its targetYear',
      (s) => ({
        ...s.body,
        targets: [
          { targetType: 'net_zero', targetYear: 2050 },
          { targetType: 'emissions_reduction', targetYear: 2030, baselineYear: 2031 },
        ],
      }),
      ['#/targets/1/baselineYear'],
    ],
    ['a target without a targetYear', (s) => ({ ...s.body, targets: [{ targetType: 'net_zero' }] }), ['#/targets/0/targetYear']],
    ['a targetYear before 1900', (s) => ({ ...s.body, targets: [{ targetType: 'net_zero', targetYear: 1899 }] }), ['#/targets/0/targetYear']],
    ['an unknown targetType', (s) => ({ ...s.body, targets: [{ targetType: 'zero', targetYear: 2050 }] }), ['#/targets/0/targetType']],
    [
      'a reductionPct over 100',
      (s) => ({ ...s.body, targets: [{ targetType: 'emissions_reduction', targetYear: 2030, reductionPct: 101 }] }),
      ['#/targets/0/reductionPct'],
    ],
    [
      '21 targets',
      (s) => ({ ...s.body, targets: Array.from({ length: 21 }, () => ({ targetType: 'net_zero', targetYear: 2050 })) }),
      ['#/targets'],
    ],
  ])('when the body has %s, then 422 names the field and nothing is written', async (_case, build, pointers) => {
    const s = await setting();
    const res = await expectNoWrite(db, () => api.post('/v1/commitments').send(build(s)));
    expectProblem(res, 422, 'validation_error', pointers);
    expect(res.body.instance).toBe('/v1/commitments');
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('when progressStatus is sent, then its error says it is read-only', async () => {
    const s = await setting();
    const res = await expectNoWrite(db, () => api.post('/v1/commitments').send({ ...s.body, progressStatus: 'fulfilled' }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ pointer: '#/progressStatus', detail: 'is read-only' }]);
  });

  it('when an unknown field is sent, then its error says it is not a known field', async () => {
    const s = await setting();
    const res = await expectNoWrite(db, () => api.post('/v1/commitments').send({ ...s.body, deadline: '2030' }));
    expect(res.body.errors).toEqual([{ pointer: '#/deadline', detail: 'is not a known field' }]);
  });

  it('when a target has baselineYear ≥ targetYear, then the error says it must be before targetYear', async () => {
    const s = await setting();
    const res = await expectNoWrite(db, () =>
      api.post('/v1/commitments').send({ ...s.body, targets: [{ targetType: 'net_zero', targetYear: 2050, baselineYear: 2060 }] }),
    );
    expect(res.body.errors).toEqual([{ pointer: '#/targets/0/baselineYear', detail: 'must be before targetYear' }]);
  });

  it('when several fields are wrong, then every one is listed at once', async () => {
    const s = await setting();
    const res = await expectNoWrite(db, () =>
      api.post('/v1/commitments').send({
        ...s.body,
        text: '',
        scope: 'global',
        code: 'C'.repeat(41),
        parties: [{ participantId: s.japan.id, role: 'donor' }],
        extra: true,
      }),
    );
    expectProblem(res, 422, 'validation_error', ['#/text', '#/scope', '#/code', '#/parties/0/role', '#/extra']);
    expect(res.body.detail).toBe('5 fields are invalid');
  });

  it('when neither anchor is given and the dates are out of order, then both rules are reported', async () => {
    const s = await setting();
    const res = await expectNoWrite(db, () =>
      api.post('/v1/commitments').send({ ...without(s.body, 'summitId'), madeDate: '2025', dueDate: '2024' }),
    );
    expectProblem(res, 422, 'validation_error', ['#/sourceUrls', '#/dueDate']);
  });

  it('when a field has an unknown value and no anchor is given, then both are listed', async () => {
    const s = await setting();
    const res = await expectNoWrite(db, () => api.post('/v1/commitments').send({ ...without(s.body, 'summitId'), scope: 'global' }));
    expectProblem(res, 422, 'validation_error', ['#/scope', '#/madeDate', '#/sourceUrls']);
  });

  it('when a party has an unknown role, another repeats a participant and the dates are reversed, then all are listed', async () => {
    const s = await setting();
    const res = await expectNoWrite(db, () =>
      api.post('/v1/commitments').send({
        ...s.body,
        madeDate: '2025',
        dueDate: '2024',
        parties: [
          { participantId: s.japan.id, role: 'donor' },
          { participantId: s.japan.id, role: 'pledger' },
        ],
      }),
    );
    expectProblem(res, 422, 'validation_error', ['#/parties/0/role', '#/parties/1/participantId', '#/dueDate']);
  });

  it('when a date is not a partial ISO date, then it gets exactly one error', async () => {
    const s = await setting();
    const res = await expectNoWrite(db, () => api.post('/v1/commitments').send({ ...s.body, madeDate: '19/05/2024' }));
    expect(res.body.errors).toEqual([{ pointer: '#/madeDate', detail: 'must be YYYY, YYYY-MM or YYYY-MM-DD' }]);
    expect(res.body.detail).toBe('1 field is invalid');
  });

  it('when a party participant does not exist, then 422 points at it and nothing is written', async () => {
    const s = await setting();
    const res = await expectNoWrite(db, () =>
      api.post('/v1/commitments').send({ ...s.body, parties: [{ participantId: missingId('par'), role: 'pledger' }] }),
    );
    expectProblem(res, 422, 'validation_error', ['#/parties/0/participantId']);
    expect(res.body.errors).toEqual([{ pointer: '#/parties/0/participantId', detail: `participant ${missingId('par')} does not exist` }]);
  });

  it('when several party participants do not exist, then each is listed', async () => {
    const s = await setting();
    const res = await expectNoWrite(db, () =>
      api.post('/v1/commitments').send({
        ...s.body,
        parties: [
          { participantId: absentParticipantId(1), role: 'pledger' },
          { participantId: s.japan.id, role: 'pledger' },
          { participantId: absentParticipantId(2), role: 'beneficiary' },
        ],
      }),
    );
    expectProblem(res, 422, 'validation_error', ['#/parties/0/participantId', '#/parties/2/participantId']);
  });

  it.each<[string, (s: Setting) => Body, string[]]>([
    ['summitId', (s) => ({ ...s.body, summitId: missingId('smt') }), ['#/summitId']],
    ['agreementId', (s) => ({ ...s.body, agreementId: missingId('agr') }), ['#/agreementId']],
    ['proposedById', (s) => ({ ...s.body, proposedById: missingId('par') }), ['#/proposedById']],
    [
      'summitId, agreementId, proposedById and a party',
      (s) => ({
        ...s.body,
        summitId: missingId('smt'),
        agreementId: missingId('agr'),
        proposedById: absentParticipantId(7),
        parties: [{ participantId: absentParticipantId(8), role: 'pledger' }],
      }),
      ['#/summitId', '#/agreementId', '#/proposedById', '#/parties/0/participantId'],
    ],
  ])('when the %s names nothing, then 422 points at it and nothing is written', async (_case, build, pointers) => {
    const s = await setting();
    const res = await expectNoWrite(db, () => api.post('/v1/commitments').send(build(s)));
    expectProblem(res, 422, 'validation_error', pointers);
  });

  it('when the second party is unknown, then neither the commitment nor its first party is written', async () => {
    const s = await setting();
    const res = await expectNoWrite(db, () =>
      api.post('/v1/commitments').send({
        ...s.body,
        themes: ['energy'],
        targets: [{ targetType: 'net_zero', targetYear: 2050 }],
        parties: [
          { participantId: s.japan.id, role: 'pledger' },
          { participantId: missingId('par'), role: 'partner' },
        ],
      }),
    );
    expectProblem(res, 422, 'validation_error', ['#/parties/1/participantId']);
    expect(rowCount('commitments')).toBe(0);
    expect(rowCount('commitment_parties')).toBe(0);
    expect((await api.get('/v1/commitments')).body).toEqual({ data: [], hasMore: false, nextCursor: null });
  });

  it('when the code is already used within the same summit, then 409 and nothing is written', async () => {
    const s = await setting();
    const first = await createCommitment(api, { ...s.body, code: 'CAJ-2024-7' });
    const res = await expectNoWrite(db, () => api.post('/v1/commitments').send({ ...s.body, text: 'Another', code: 'CAJ-2024-7' }));
    expectProblem(res, 409, 'conflict', ['#/code']);
    expect(res.body.errors).toEqual([{ pointer: '#/code', detail: `is already used by ${first.id}` }]);
  });

  it('when the same code is used in another summit, then it is no conflict', async () => {
    const s = await setting();
    const other = await createSummit(api, { name: 'Another summit' });
    await createCommitment(api, { ...s.body, code: 'CAJ-2024-7' });
    const created = await createCommitment(api, { ...s.body, summitId: other.id, code: 'CAJ-2024-7' });
    expect(created).toMatchObject({ summitId: other.id, code: 'CAJ-2024-7' });
  });
});

describe('GET /v1/commitments/:id', () => {
  it('when the id is unknown, then 404 problem', async () => {
    const res = await api.get(`/v1/commitments/${missingId('cmt')}`);
    expectProblem(res, 404, 'not_found');
    expect(res.body.instance).toBe(`/v1/commitments/${missingId('cmt')}`);
  });

  it.each([['nothing'], ['cmt_1'], [missingId('smt')]])('when the id is malformed (%s), then 404 problem', async (id) => {
    expectProblem(await api.get(`/v1/commitments/${id}`), 404, 'not_found');
  });

  it('when the commitment has changed since the ETag was taken, then If-None-Match with the old one gets 200', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    await api.patch(`/v1/commitments/${c.id}`).send({ summary: 'changed' }).expect(200);
    const res = await api.get(`/v1/commitments/${c.id}`).set('If-None-Match', '"1"');
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body.summary).toBe('changed');
  });
});

describe('PUT /v1/commitments/:id', () => {
  it('when the body is valid, then it replaces every field, parties, themes and targets, and bumps the version', async () => {
    const s = await setting();
    const c = await fullCommitment(s);
    const un = await createParticipant(api, { kind: 'organization', name: 'United Nations' });
    const res = await api.put(`/v1/commitments/${c.id}`).send({
      text: 'Replaced text',
      scope: 'individual',
      agreementId: s.agreement.id,
      parties: [{ participantId: un.id, role: 'pledger' }],
      themes: ['energy.nuclear_power'],
      targets: [{ targetType: 'carbon_neutral', targetYear: 2060, yearQualifier: 'around' }],
    });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toEqual({
      id: c.id,
      text: 'Replaced text',
      summary: null,
      code: null,
      summitId: null,
      agreementId: s.agreement.id,
      scope: 'individual',
      status: 'adopted',
      parties: [{ participantId: un.id, role: 'pledger' }],
      proposedById: null,
      madeDate: null,
      dueDate: null,
      isPriority: false,
      themes: ['energy.nuclear_power'],
      targets: [
        {
          targetType: 'carbon_neutral',
          targetYear: 2060,
          yearQualifier: 'around',
          baselineYear: null,
          reductionPct: null,
          ...TARGET_DEFAULTS,
          gasCoverage: 'unspecified',
          legalStatus: null,
          note: null,
        },
      ],
      sourceUrls: [],
      progressStatus: 'not_yet_rated',
      createdAt: c.createdAt,
      updatedAt: expect.stringMatching(TIMESTAMP),
      version: 2,
    });
    expect(res.body.updatedAt >= (c.createdAt as string)).toBe(true);
    expect((await api.get(`/v1/commitments/${c.id}`)).body).toEqual(res.body);
    expect(rowCount('commitment_parties')).toBe(1);
    expect(rowCount('commitment_themes')).toBe(1);
    expect(rowCount('commitment_targets')).toBe(1);
  });

  it('when a commitment has a progress status, then PUT leaves it unchanged', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    db.$client.prepare("UPDATE commitments SET progress_status = 'in_progress' WHERE id = ?").run(c.id);
    const res = await api.put(`/v1/commitments/${c.id}`).send({ ...s.body, text: 'Reworded' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ text: 'Reworded', progressStatus: 'in_progress', version: 2 });
  });

  it('when the body sends progressStatus, then 422 read-only and nothing is written', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    const res = await expectNoWrite(db, () => api.put(`/v1/commitments/${c.id}`).send({ ...s.body, progressStatus: 'fulfilled' }));
    expectProblem(res, 422, 'validation_error', ['#/progressStatus']);
    expect(res.body.errors).toEqual([{ pointer: '#/progressStatus', detail: 'is read-only' }]);
  });

  it('when the body leaves out the parties, then 422 and nothing is written', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    const res = await expectNoWrite(db, () => api.put(`/v1/commitments/${c.id}`).send(without(s.body, 'parties')));
    expectProblem(res, 422, 'validation_error', ['#/parties']);
  });

  it('when a party in the replacement does not exist, then 422 and the old parties stay', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    const res = await expectNoWrite(db, () =>
      api.put(`/v1/commitments/${c.id}`).send({
        ...s.body,
        parties: [
          { participantId: s.kazakhstan.id, role: 'pledger' },
          { participantId: missingId('par'), role: 'pledger' },
        ],
      }),
    );
    expectProblem(res, 422, 'validation_error', ['#/parties/1/participantId']);
    expect((await api.get(`/v1/commitments/${c.id}`)).body).toEqual(c);
  });

  it('when the commitment keeps its own code, then it is no conflict', async () => {
    const s = await setting();
    const c = await createCommitment(api, { ...s.body, code: 'CAJ-2024-7' });
    const res = await api.put(`/v1/commitments/${c.id}`).send({ ...s.body, text: 'Reworded', code: 'CAJ-2024-7' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 'CAJ-2024-7', text: 'Reworded', version: 2 });
  });

  it('when another commitment of the same summit holds the code, then 409 and nothing is written', async () => {
    const s = await setting();
    await createCommitment(api, { ...s.body, code: 'CAJ-2024-7' });
    const c = await createCommitment(api, { ...s.body, code: 'CAJ-2024-8' });
    const res = await expectNoWrite(db, () => api.put(`/v1/commitments/${c.id}`).send({ ...s.body, code: 'CAJ-2024-7' }));
    expectProblem(res, 409, 'conflict', ['#/code']);
  });

  it('when If-Match is stale, then 412 and nothing is written', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    await api.patch(`/v1/commitments/${c.id}`).send({ summary: 'changed' }).expect(200);
    const res = await expectNoWrite(db, () =>
      api.put(`/v1/commitments/${c.id}`).set('If-Match', '"1"').send({ ...s.body, text: 'Stale' }),
    );
    expectProblem(res, 412, 'precondition_failed');
  });

  it('when If-Match is current, then the write goes through', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    const res = await api.put(`/v1/commitments/${c.id}`).set('If-Match', '"1"').send({ ...s.body, text: 'Fresh' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ text: 'Fresh', version: 2 });
  });

  it.each([[missingId('cmt')], ['cmt_1'], ['nothing']])('when the id is unknown or malformed (%s), then 404 and nothing is written', async (id) => {
    const s = await setting();
    const res = await expectNoWrite(db, () => api.put(`/v1/commitments/${id}`).send(s.body));
    expectProblem(res, 404, 'not_found');
  });
});

describe('PATCH /v1/commitments/:id', () => {
  it('when a field is absent, then it is unchanged, children included', async () => {
    const s = await setting();
    const c = await fullCommitment(s);
    const res = await api.patch(`/v1/commitments/${c.id}`).send({ summary: 'New summary' });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toEqual({ ...c, summary: 'New summary', version: 2, updatedAt: expect.stringMatching(TIMESTAMP) });
    expect((await api.get(`/v1/commitments/${c.id}`)).body).toEqual(res.body);
  });

  it('when parties are sent, then the array is replaced whole', async () => {
    const s = await setting();
    const c = await fullCommitment(s);
    const res = await api.patch(`/v1/commitments/${c.id}`).send({ parties: [{ participantId: s.kazakhstan.id, role: 'pledger' }] });
    expect(res.status).toBe(200);
    expect(res.body.parties).toEqual([{ participantId: s.kazakhstan.id, role: 'pledger' }]);
    expect((await api.get(`/v1/commitments/${c.id}`)).body.parties).toEqual([{ participantId: s.kazakhstan.id, role: 'pledger' }]);
    expect(rowCount('commitment_parties')).toBe(1);
  });

  it('when themes and targets are sent, then each array is replaced whole', async () => {
    const s = await setting();
    const c = await fullCommitment(s);
    const res = await api.patch(`/v1/commitments/${c.id}`).send({
      themes: [],
      targets: [{ targetType: 'climate_neutral', targetYear: 2070 }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      themes: [],
      targets: [
        {
          targetType: 'climate_neutral',
          targetYear: 2070,
          yearQualifier: 'by',
          baselineYear: null,
          reductionPct: null,
          ...TARGET_DEFAULTS,
          gasCoverage: 'unspecified',
          legalStatus: null,
          note: null,
        },
      ],
      parties: c.parties,
    });
  });

  it('when parties is null, then 422 and nothing is written', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    const res = await expectNoWrite(db, () => api.patch(`/v1/commitments/${c.id}`).send({ parties: null }));
    expectProblem(res, 422, 'validation_error', ['#/parties']);
  });

  it('when parties is an empty array, then 422 and nothing is written', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    const res = await expectNoWrite(db, () => api.patch(`/v1/commitments/${c.id}`).send({ parties: [] }));
    expectProblem(res, 422, 'validation_error', ['#/parties']);
  });

  it('when text is null, then 422 and nothing is written', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    const res = await expectNoWrite(db, () => api.patch(`/v1/commitments/${c.id}`).send({ text: null }));
    expectProblem(res, 422, 'validation_error', ['#/text']);
  });

  it('when summary is null, then it is cleared', async () => {
    const s = await setting();
    const c = await fullCommitment(s);
    const res = await api.patch(`/v1/commitments/${c.id}`).send({ summary: null, code: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ summary: null, code: null, text: c.text, version: 2 });
  });

  it('when the status becomes withdrawn, then it is stored', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    const res = await api.patch(`/v1/commitments/${c.id}`).send({ status: 'withdrawn' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'withdrawn', version: 2, parties: c.parties });
    expect((await api.get(`/v1/commitments/${c.id}`)).body.status).toBe('withdrawn');
  });

  it('when the summit anchor is cleared with no agreement left and no date or source of its own, then 422', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    const res = await expectNoWrite(db, () => api.patch(`/v1/commitments/${c.id}`).send({ summitId: null }));
    expectProblem(res, 422, 'validation_error', ['#/madeDate', '#/sourceUrls']);
  });

  it('when the summit anchor is swapped for an agreement, then it is accepted', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    const res = await api.patch(`/v1/commitments/${c.id}`).send({ summitId: null, agreementId: s.agreement.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ summitId: null, agreementId: s.agreement.id });
  });

  it('when a new dueDate falls before the stored madeDate, then 422', async () => {
    const s = await setting();
    const c = await createCommitment(api, { ...s.body, madeDate: '2024-05-19' });
    const res = await expectNoWrite(db, () => api.patch(`/v1/commitments/${c.id}`).send({ dueDate: '2024-04' }));
    expectProblem(res, 422, 'validation_error', ['#/dueDate']);
  });

  it('when the patch names progressStatus or an unknown field, then 422', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    const res = await expectNoWrite(db, () => api.patch(`/v1/commitments/${c.id}`).send({ progressStatus: 'fulfilled', colour: 'red' }));
    expectProblem(res, 422, 'validation_error', ['#/progressStatus', '#/colour']);
    expect(res.body.errors).toContainEqual({ pointer: '#/progressStatus', detail: 'is read-only' });
  });

  it('when a patched party does not exist, then 422 and nothing is written', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    const res = await expectNoWrite(db, () =>
      api.patch(`/v1/commitments/${c.id}`).send({ parties: [{ participantId: missingId('par'), role: 'pledger' }] }),
    );
    expectProblem(res, 422, 'validation_error', ['#/parties/0/participantId']);
  });

  it('when the commitment is moved into a summit where its code is taken, then 409', async () => {
    const s = await setting();
    const other = await createSummit(api, { name: 'Other summit' });
    await createCommitment(api, { ...s.body, summitId: other.id, code: 'CAJ-2024-7' });
    const c = await createCommitment(api, { ...s.body, code: 'CAJ-2024-7' });
    const res = await expectNoWrite(db, () => api.patch(`/v1/commitments/${c.id}`).send({ summitId: other.id }));
    expectProblem(res, 409, 'conflict', ['#/code']);
  });

  it('when sent as application/merge-patch+json, then it is accepted', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    const res = await api
      .patch(`/v1/commitments/${c.id}`)
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ isPriority: true }));
    expect(res.status).toBe(200);
    expect(res.body.isPriority).toBe(true);
  });

  it('when If-Match is stale, then 412 and nothing is written', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    const res = await expectNoWrite(db, () => api.patch(`/v1/commitments/${c.id}`).set('If-Match', '"2"').send({ status: 'withdrawn' }));
    expectProblem(res, 412, 'precondition_failed');
  });

  it.each([[missingId('cmt')], ['cmt_1']])('when the id is unknown or malformed (%s), then 404 and nothing is written', async (id) => {
    const res = await expectNoWrite(db, () => api.patch(`/v1/commitments/${id}`).send({ summary: 'x' }));
    expectProblem(res, 404, 'not_found');
  });

  it('when the patch is an array, then 422 and nothing is written', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    const res = await expectNoWrite(db, () => api.patch(`/v1/commitments/${c.id}`).send([{ summary: 'x' }]));
    expectProblem(res, 422, 'validation_error');
  });
});

describe('DELETE /v1/commitments/:id', () => {
  it('when it exists, then 204, then 404 on read and on a second delete', async () => {
    const s = await setting();
    const c = await fullCommitment(s);
    const res = await api.delete(`/v1/commitments/${c.id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectProblem(await api.get(`/v1/commitments/${c.id}`), 404, 'not_found');
    expectProblem(await expectNoWrite(db, () => api.delete(`/v1/commitments/${c.id}`)), 404, 'not_found');
  });

  it('when it is deleted, then its parties, themes and targets go with it', async () => {
    const s = await setting();
    const onlyParty = await createParticipant(api, { kind: 'organization', name: 'Only a party here' });
    const c = await fullCommitment(s, {
      parties: [
        { participantId: onlyParty.id, role: 'beneficiary' },
        { participantId: s.japan.id, role: 'pledger' },
      ],
    });
    const blocked = await expectNoWrite(db, () => api.delete(`/v1/participants/${onlyParty.id}`));
    expectProblem(blocked, 409, 'has_dependents');
    expect(blocked.body.dependents).toEqual({ commitmentParties: 1 });

    expect((await api.delete(`/v1/commitments/${c.id}`)).status).toBe(204);
    expect((await api.delete(`/v1/participants/${onlyParty.id}`)).status).toBe(204);
    expect(rowCount('commitment_parties')).toBe(0);
    expect(rowCount('commitment_themes')).toBe(0);
    expect(rowCount('commitment_targets')).toBe(0);
  });

  it('when another commitment remains, then its children are untouched', async () => {
    const s = await setting();
    const gone = await fullCommitment(s);
    const kept = await fullCommitment(s, { code: 'CAJ-2024-8' });
    expect((await api.delete(`/v1/commitments/${gone.id}`)).status).toBe(204);
    expect((await api.get(`/v1/commitments/${kept.id}`)).body).toEqual(kept);
  });

  it('when If-Match is stale, then 412 and it stays', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    const res = await expectNoWrite(db, () => api.delete(`/v1/commitments/${c.id}`).set('If-Match', '"5"'));
    expectProblem(res, 412, 'precondition_failed');
    expect((await api.get(`/v1/commitments/${c.id}`)).status).toBe(200);
  });

  it('when If-Match is current, then it is deleted', async () => {
    const s = await setting();
    const c = await createCommitment(api, s.body);
    expect((await api.delete(`/v1/commitments/${c.id}`).set('If-Match', '"1"')).status).toBe(204);
  });

  it.each([[missingId('cmt')], ['cmt_1'], ['nothing']])('when the id is unknown or malformed (%s), then 404', async (id) => {
    expectProblem(await expectNoWrite(db, () => api.delete(`/v1/commitments/${id}`)), 404, 'not_found');
  });
});

describe('GET /v1/commitments', () => {
  it('when listed, then the newest come first, each with its parties, themes and targets', async () => {
    const s = await setting();
    const first = await fullCommitment(s);
    const second = await createCommitment(api, { ...s.body, parties: [{ participantId: s.kazakhstan.id, role: 'pledger' }], themes: ['trade'] });
    const third = await fullCommitment(s, {
      code: 'CAJ-2024-9',
      parties: [{ participantId: s.japan.id, role: 'pledger' }],
      targets: [{ targetType: 'other', targetYear: 2040, note: 'third' }],
    });
    const res = await api.get('/v1/commitments');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [third, second, first], hasMore: false, nextCursor: null });
    expect(res.headers.link).toBeUndefined();
  });

  it('when there are none, then the envelope is empty', async () => {
    const res = await api.get('/v1/commitments');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], hasMore: false, nextCursor: null });
  });

  it('when paging with limit=2 across 5 rows, then every row comes once, newest first, children loaded', async () => {
    const s = await setting();
    const created = [];
    for (let i = 0; i < 5; i++) {
      created.push(
        await createCommitment(api, {
          ...s.body,
          text: `Commitment ${i}`,
          parties: [{ participantId: i % 2 ? s.japan.id : s.kazakhstan.id, role: 'pledger' }],
          themes: [`theme_${i}`],
          targets: [{ targetType: 'net_zero', targetYear: 2050 + i }],
        }),
      );
    }
    const pages: { data: unknown[]; hasMore: boolean; nextCursor: string | null }[] = [];
    let url: string | undefined = '/v1/commitments?limit=2';
    while (url) {
      const res = await api.get(url);
      expect(res.status).toBe(200);
      pages.push(res.body);
      if (res.body.hasMore) expect(res.headers.link).toContain(`cursor=${res.body.nextCursor}`);
      url = res.body.hasMore ? `/v1/commitments?limit=2&cursor=${res.body.nextCursor}` : undefined;
    }
    expect(pages.map((p) => p.data.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    expect(pages.flatMap((p) => p.data)).toEqual([...created].reverse());
  });
});

describe('commitments of their own, richer targets and the consistency rules', () => {
  // Japan's 2050 carbon neutrality, announced by the Prime Minister in his policy speech to the Diet.
  const SPEECH = 'https://japan.kantei.go.jp/99_suga/statement/202010/_00006.html';
  const NDC_REGISTRY = 'https://unfccc.int/NDCREG';

  it('when a national pledge made in a speech is recorded with its date, source and pledger, then it needs no summit or agreement', async () => {
    const japan = await createCountry(api, { name: 'Japan' });
    const res = await api.post('/v1/commitments').send({
      text: 'Japan will aim to reduce greenhouse gas emissions to net-zero by 2050, that is, to realize a carbon-neutral, decarbonized society.',
      scope: 'individual',
      parties: [{ participantId: japan.id, role: 'pledger' }],
      madeDate: '2020-10-26',
      sourceUrls: [SPEECH],
      targets: [{ targetType: 'carbon_neutral', targetYear: 2050, gasCoverage: 'all_ghg', legalStatus: 'in_law' }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ summitId: null, agreementId: null, madeDate: '2020-10-26', sourceUrls: [SPEECH] });
    const own = await api.get(`/v1/commitments?summitId=is.null&agreementId=is.null&participantId=${japan.id}`);
    expect(own.body.data.map((c: { id: string }) => c.id)).toEqual([res.body.id]);
    // Losing the source would leave it standing on nothing.
    const stripped = await expectNoWrite(db, () => api.patch(`/v1/commitments/${res.body.id}`).send({ sourceUrls: [] }));
    expectProblem(stripped, 422, 'validation_error', ['#/sourceUrls']);
    expect(constraintCode(db, `UPDATE commitments SET source_urls = '[]' WHERE id = '${res.body.id}'`)).toBe('SQLITE_CONSTRAINT_CHECK');
  });

  it("when Kazakhstan's 15% unconditional and 25% conditional reductions are recorded, then both targets keep which is which", async () => {
    const kazakhstan = await createCountry(api, { name: 'Kazakhstan' });
    const created = await createCommitment(api, {
      text: 'Kazakhstan will reduce greenhouse gas emissions by 15% by 2030 against 1990, and by 25% subject to international support.',
      scope: 'individual',
      parties: [{ participantId: kazakhstan.id, role: 'pledger' }],
      madeDate: '2015',
      sourceUrls: [NDC_REGISTRY],
      targets: [
        { targetType: 'emissions_reduction', targetYear: 2030, baselineYear: 1990, reductionPct: 15, gasCoverage: 'all_ghg' },
        { targetType: 'emissions_reduction', targetYear: 2030, baselineYear: 1990, reductionPct: 25, gasCoverage: 'all_ghg', conditional: true },
      ],
    });
    expect(created.targets).toEqual([
      expect.objectContaining({ reductionPct: 15, conditional: false }),
      expect.objectContaining({ reductionPct: 25, conditional: true }),
    ]);
  });

  it("when Japan's FY2013-based 46% cut and China's peaking and intensity targets are recorded, then fiscal years, 'before' and the intensity basis are kept", async () => {
    const japan = await createCountry(api, { name: 'Japan' });
    const china = await createCountry(api, { name: 'China' });
    const fiscal = await createCommitment(api, {
      text: 'Japan aims to reduce its greenhouse gas emissions by 46 percent in fiscal year 2030 from its fiscal year 2013 levels.',
      scope: 'individual',
      parties: [{ participantId: japan.id, role: 'pledger' }],
      madeDate: '2021-04-22',
      sourceUrls: [NDC_REGISTRY],
      targets: [{ targetType: 'emissions_reduction', targetYear: 2030, yearQualifier: 'in', yearBasis: 'fiscal', baselineYear: 2013, reductionPct: 46 }],
    });
    expect(fiscal.targets).toEqual([expect.objectContaining({ yearQualifier: 'in', yearBasis: 'fiscal', baselineYear: 2013, reductionPct: 46 })]);
    const peak = await createCommitment(api, {
      text: 'China aims to have CO2 emissions peak before 2030 and to lower CO2 emissions per unit of GDP by over 65% from the 2005 level.',
      scope: 'individual',
      parties: [{ participantId: china.id, role: 'pledger' }],
      madeDate: '2021',
      sourceUrls: [NDC_REGISTRY],
      targets: [
        { targetType: 'emissions_peak', targetYear: 2030, yearQualifier: 'before', gasCoverage: 'co2' },
        { targetType: 'emissions_reduction', targetYear: 2030, baselineYear: 2005, reductionPct: 65, measure: 'intensity', intensityBasis: 'GDP', gasCoverage: 'co2' },
      ],
    });
    expect(peak.targets).toEqual([
      expect.objectContaining({ targetType: 'emissions_peak', yearQualifier: 'before', measure: 'absolute', intensityBasis: null }),
      expect.objectContaining({ targetType: 'emissions_reduction', measure: 'intensity', intensityBasis: 'GDP', reductionPct: 65 }),
    ]);
  });

  it('when a target breaks its own rules, then 422 points into the target and nothing is written', async () => {
    const s = await setting();
    const res = await expectNoWrite(db, () =>
      api.post('/v1/commitments').send({
        ...s.body,
        targets: [
          { targetType: 'emissions_reduction', targetYear: 2030, measure: 'intensity' },
          { targetType: 'increase', targetYear: 2030 },
          { targetType: 'net_zero', targetYear: 2050, multiple: 2, quantity: 5 },
          { targetType: 'emissions_reduction', targetYear: 2030, unit: 'Mt', intensityBasis: 'GDP' },
        ],
      }),
    );
    expectProblem(res, 422, 'validation_error', [
      '#/targets/0/intensityBasis',
      '#/targets/1/indicator',
      '#/targets/1/multiple',
      '#/targets/2/multiple',
      '#/targets/2/unit',
      '#/targets/3/quantity',
      '#/targets/3/intensityBasis',
    ]);
  });

  it('when an individual commitment names two pledgers, or a commitment names none, then 422 points at the parties', async () => {
    const s = await setting();
    const two = await expectNoWrite(db, () =>
      api.post('/v1/commitments').send({
        ...s.body,
        scope: 'individual',
        parties: [
          { participantId: s.japan.id, role: 'pledger' },
          { participantId: s.kazakhstan.id, role: 'pledger' },
        ],
      }),
    );
    expectProblem(two, 422, 'validation_error', ['#/parties']);
    expect(two.body.errors[0].detail).toBe('an individual commitment has exactly one pledger, not 2');
    const none = await expectNoWrite(db, () =>
      api.post('/v1/commitments').send({ ...s.body, parties: [{ participantId: s.kazakhstan.id, role: 'beneficiary' }] }),
    );
    expectProblem(none, 422, 'validation_error', ['#/parties']);
    const c = await createCommitment(api, { ...s.body, scope: 'group', parties: [{ participantId: s.japan.id, role: 'pledger' }, { participantId: s.kazakhstan.id, role: 'pledger' }] });
    const narrowed = await expectNoWrite(db, () => api.patch(`/v1/commitments/${c.id}`).send({ scope: 'individual' }));
    expectProblem(narrowed, 422, 'validation_error', ['#/parties']);
  });

  it("when the commitment's summit is not its agreement's, then 422, and an agreement cannot be moved away from its commitments' summit", async () => {
    const s = await setting();
    const other = await createSummit(api, { name: 'Second Central Asia + Japan Summit' });
    const res = await expectNoWrite(db, () => api.post('/v1/commitments').send({ ...s.body, summitId: other.id, agreementId: s.agreement.id }));
    expectProblem(res, 422, 'validation_error', ['#/agreementId']);
    await createCommitment(api, { ...s.body, agreementId: s.agreement.id });
    const moved = await expectNoWrite(db, () => api.patch(`/v1/agreements/${s.agreement.id}`).send({ summitId: other.id }));
    expectProblem(moved, 422, 'validation_error', ['#/summitId']);
    expect(moved.body.errors[0].detail).toBe('1 commitment of this agreement belongs to another summit');
    // An agreement of no summit takes commitments of any, and the same summit is always consistent.
    const loose = await createAgreement(api);
    await createCommitment(api, { ...s.body, summitId: other.id, agreementId: loose.id });
    expect((await api.patch(`/v1/agreements/${s.agreement.id}`).send({ summitId: s.summit.id })).status).toBe(200);
  });
});

function constraintCode(on: typeof db, statement: string): string | undefined {
  try {
    on.$client.exec(statement);
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}
