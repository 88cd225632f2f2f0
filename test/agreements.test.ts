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

// Standings depend on "today"; the app's clock is fixed so that no test depends on the day it runs.
const TODAY = '2027-03-01';
const clockAt = (day: string) => () => new Date(`${day}T12:00:00.000Z`);

let api: Api;
let db: ReturnType<typeof makeApp>['db'];
beforeEach(() => {
  ({ api, db } = makeApp(undefined, { clock: clockAt(TODAY) }));
});

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ULID = '[0-9A-HJKMNP-TV-Z]{26}';

const NET_ZERO_2050 = {
  title: 'Central Asia + Japan energy ministers: net-zero carbon emissions by 2050 or later',
  type: 'joint_statement',
  ambit: 'interministerial',
  themes: ['climate.net_zero', 'energy.transition'],
  targets: [{ targetType: 'net_zero', targetYear: 2050, yearQualifier: 'or_later', gasCoverage: 'co2' }],
};

const target = (overrides: Record<string, unknown> = {}) => ({ targetType: 'net_zero', targetYear: 2050, ...overrides });

const fullTarget = (overrides: Record<string, unknown> = {}) => ({
  targetType: 'net_zero',
  targetYear: 2050,
  yearQualifier: 'by',
  baselineYear: null,
  reductionPct: null,
  ...TARGET_DEFAULTS,
  gasCoverage: 'unspecified',
  legalStatus: null,
  note: null,
  ...overrides,
});

const agreementPath = (id: string) => `/v1/agreements/${id}`;
const actionsPath = (id: string) => `/v1/agreements/${id}/actions`;
const partiesPath = (id: string) => `/v1/agreements/${id}/parties`;

async function recordAction(agreementId: string, body: Record<string, unknown>) {
  const res = await api.post(actionsPath(agreementId)).send(body);
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number } & Record<string, unknown>;
}

describe('POST /v1/agreements', () => {
  it('when the net-zero statement is valid, then 201 gives Location, ETag and every field with its default', async () => {
    const res = await api.post('/v1/agreements').send(NET_ZERO_2050);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(new RegExp(`^agr_${ULID}$`)),
      title: NET_ZERO_2050.title,
      type: 'joint_statement',
      ambit: 'interministerial',
      legalForce: 'not_specified',
      status: 'adopted',
      summitId: null,
      adoptedDate: null,
      entryIntoForceDate: null,
      terminationDate: null,
      dateNote: null,
      summary: null,
      text: null,
      themes: ['climate.net_zero', 'energy.transition'],
      targets: [fullTarget({ yearQualifier: 'or_later', gasCoverage: 'co2' })],
      sourceUrls: [],
      createdAt: expect.stringMatching(TIMESTAMP),
      updatedAt: res.body.createdAt,
      version: 1,
    });
    expect(res.headers.location).toBe(`/v1/agreements/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers['cache-control']).toBe('no-store');

    const read = await api.get(`/v1/agreements/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.body).toEqual(res.body);
  });

  it('when only title and type are given, then themes, targets and sourceUrls are empty and optionals are null', async () => {
    const res = await api.post('/v1/agreements').send({ title: 'Joint statement', type: 'communique' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      ambit: null,
      legalForce: 'not_specified',
      status: 'adopted',
      summitId: null,
      adoptedDate: null,
      entryIntoForceDate: null,
      terminationDate: null,
      dateNote: null,
      summary: null,
      text: null,
      themes: [],
      targets: [],
      sourceUrls: [],
    });
  });

  it('when a target gives only type and year, then it gets its defaults', async () => {
    const res = await api.post('/v1/agreements').send({ title: 'x', type: 'other', targets: [target()] });
    expect(res.status).toBe(201);
    expect(res.body.targets).toEqual([
      {
        targetType: 'net_zero',
        targetYear: 2050,
        yearQualifier: 'by',
        baselineYear: null,
        reductionPct: null,
        ...TARGET_DEFAULTS,
        gasCoverage: 'unspecified',
        legalStatus: null,
        note: null,
      },
    ]);
  });

  it('when every field is given, then every field is stored and read back', async () => {
    const summit = await createSummit(api);
    const body = {
      title: 'Tokyo Declaration',
      type: 'joint_declaration',
      ambit: 'interregional',
      legalForce: 'politically_binding',
      status: 'in_force',
      summitId: summit.id,
      adoptedDate: '2024',
      entryIntoForceDate: '2024-01-01',
      terminationDate: '2030-12',
      dateNote: "'last year' in a source dated 2025",
      summary: 'Energy transition and decarbonisation',
      text: 'The ministers\n\tagreed.',
      themes: ['energy', 'climate.net_zero'],
      targets: [
        {
          targetType: 'emissions_reduction',
          targetYear: 2030,
          yearQualifier: 'in',
          baselineYear: 2013,
          reductionPct: 46.5,
          ...TARGET_DEFAULTS,
          gasCoverage: 'all_ghg',
          legalStatus: 'in_law',
          note: 'Compared with FY2013',
        },
      ],
      sourceUrls: ['https://www.mofa.go.jp/statement.html', 'http://example.org/a'],
    };
    const res = await api.post('/v1/agreements').send(body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ ...body, id: res.body.id, createdAt: res.body.createdAt, updatedAt: res.body.createdAt, version: 1 });
    expect((await api.get(agreementPath(res.body.id))).body).toEqual(res.body);
  });

  it('when several themes and targets are given, then both keep their order', async () => {
    const themes = ['energy.transition', 'climate.net_zero', 'agriculture', 'climate'];
    const targets = [
      target({ targetType: 'other', targetYear: 2060 }),
      target({ targetType: 'carbon_neutral', targetYear: 2030 }),
      target({ targetType: 'climate_neutral', targetYear: 2045 }),
    ];
    const res = await api.post('/v1/agreements').send({ title: 'x', type: 'action_plan', themes, targets });
    expect(res.status).toBe(201);
    expect(res.body.themes).toEqual(themes);
    expect(res.body.targets).toEqual(targets.map((t) => fullTarget(t)));
    const read = await api.get(agreementPath(res.body.id));
    expect(read.body.themes).toEqual(themes);
    expect(read.body.targets).toEqual(res.body.targets);
  });

  it.each([
    ['equal dates', { adoptedDate: '2024-05-19', entryIntoForceDate: '2024-05-19', terminationDate: '2024-05-19' }],
    ['a year before a day in that year', { adoptedDate: '2024', entryIntoForceDate: '2024-01-01' }],
    ['a day before its own year', { adoptedDate: '2024-12-31', terminationDate: '2024' }],
    ['a leap day', { adoptedDate: '2024-02-29' }],
  ])('when the dates are %s, then they are accepted', async (_case, dates) => {
    const res = await api.post('/v1/agreements').send({ title: 'x', type: 'treaty', ...dates });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject(dates);
  });

  it.each([
    ['a baseline year equal to the target year', { targets: [target({ baselineYear: 2050 })] }, ['#/targets/0/baselineYear']],
    ['a baseline year after the target year', { targets: [target({ baselineYear: 2060 })] }, ['#/targets/0/baselineYear']],
    ['a target year of 1899', { targets: [target({ targetYear: 1899 })] }, ['#/targets/0/targetYear']],
    ['a target year of 2201', { targets: [target({ targetYear: 2201 })] }, ['#/targets/0/targetYear']],
    ['a non-integer target year', { targets: [target({ targetYear: 2050.5 })] }, ['#/targets/0/targetYear']],
    ['a target year as a string', { targets: [target({ targetYear: '2050' })] }, ['#/targets/0/targetYear']],
    ['a missing target year', { targets: [{ targetType: 'net_zero' }] }, ['#/targets/0/targetYear']],
    ['a reduction over 100 percent', { targets: [target({ reductionPct: 100.5 })] }, ['#/targets/0/reductionPct']],
    ['a negative reduction', { targets: [target({ reductionPct: -1 })] }, ['#/targets/0/reductionPct']],
    ['an unknown target type', { targets: [target({ targetType: 'carbon_negative' })] }, ['#/targets/0/targetType']],
    ['an unknown year qualifier', { targets: [target({ yearQualifier: 'sometime' })] }, ['#/targets/0/yearQualifier']],
    ['an unknown gas coverage', { targets: [target({ gasCoverage: 'methane' })] }, ['#/targets/0/gasCoverage']],
    ['an unknown legal status', { targets: [target({ legalStatus: 'rumoured' })] }, ['#/targets/0/legalStatus']],
    ['an unknown field inside a target', { targets: [target(), target({ sector: 'power' })] }, ['#/targets/1/sector']],
    ['21 targets', { targets: Array.from({ length: 21 }, () => target()) }, ['#/targets']],
    ['a target that is not an object', { targets: ['net_zero'] }, ['#/targets/0']],
    ['a capitalised theme', { themes: ['Energy'] }, ['#/themes/0']],
    ['a theme with an empty segment', { themes: ['energy', 'energy..x'] }, ['#/themes/1']],
    ['a theme ending in a dot', { themes: ['energy.'] }, ['#/themes/0']],
    ['a theme with a space', { themes: ['energy transition'] }, ['#/themes/0']],
    ['an empty theme', { themes: [''] }, ['#/themes/0']],
    ['a repeated theme', { themes: ['energy', 'climate', 'energy'] }, ['#/themes']],
    ['21 themes', { themes: Array.from({ length: 21 }, (_, i) => `theme_${i}`) }, ['#/themes']],
    ['entry into force before adoption', { adoptedDate: '2024-05-19', entryIntoForceDate: '2024-05-18' }, ['#/entryIntoForceDate']],
    ['termination before entry into force', { entryIntoForceDate: '2025', terminationDate: '2024-12' }, ['#/terminationDate']],
    ['termination before adoption', { adoptedDate: '2024-03', terminationDate: '2024-02-28' }, ['#/terminationDate']],
    ['an impossible day', { adoptedDate: '2025-02-30' }, ['#/adoptedDate']],
    ['a 29 February outside a leap year', { entryIntoForceDate: '2023-02-29' }, ['#/entryIntoForceDate']],
    ['a thirteenth month', { terminationDate: '2024-13' }, ['#/terminationDate']],
    ['a slashed date', { adoptedDate: '2024/05/19' }, ['#/adoptedDate']],
    ['a two-digit year', { adoptedDate: '24' }, ['#/adoptedDate']],
    ['a full timestamp', { adoptedDate: '2024-05-19T00:00:00Z' }, ['#/adoptedDate']],
    ['a malformed summitId', { summitId: 'smt_1' }, ['#/summitId']],
    ['a summitId of another kind', { summitId: missingId('par') }, ['#/summitId']],
    ['an unknown type', { type: 'press_release' }, ['#/type']],
    ['a missing type', { type: undefined }, ['#/type']],
    ['an unknown ambit', { ambit: 'global' }, ['#/ambit']],
    ['an unknown legalForce', { legalForce: 'binding' }, ['#/legalForce']],
    ['an unknown status', { status: 'ratified' }, ['#/status']],
    ['a missing title', { title: undefined }, ['#/title']],
    ['a blank title', { title: '   ' }, ['#/title']],
    ['a title over 500 characters', { title: 'x'.repeat(501) }, ['#/title']],
    ['a line break in the title', { title: 'a\nb' }, ['#/title']],
    ['a null title', { title: null }, ['#/title']],
    ['a dateNote over 500 characters', { dateNote: 'x'.repeat(501) }, ['#/dateNote']],
    ['a summary over 5000 characters', { summary: 'x'.repeat(5001) }, ['#/summary']],
    ['a non-http source URL', { sourceUrls: ['ftp://example.org/a'] }, ['#/sourceUrls/0']],
    ['a repeated source URL', { sourceUrls: ['https://example.org', 'https://example.org'] }, ['#/sourceUrls']],
    ['an unknown field', { signatories: ['JPN'] }, ['#/signatories']],
    ['read-only fields', { id: 'agr_x', version: 2, createdAt: '2024', updatedAt: '2024' }, ['#/id', '#/version', '#/createdAt', '#/updatedAt']],
  ])('when the body has %s, then 422 names the field and nothing is written', async (_case, overrides, pointers) => {
    const res = await expectNoWrite(db, () => api.post('/v1/agreements').send({ title: 'Statement', type: 'joint_statement', ...overrides }));
    expectProblem(res, 422, 'validation_error', pointers);
    expect(res.body.instance).toBe('/v1/agreements');
  });

  it('when a read-only field is sent, then its error says so', async () => {
    const res = await expectNoWrite(db, () => api.post('/v1/agreements').send({ title: 'x', type: 'other', version: 1 }));
    expectProblem(res, 422, 'validation_error');
    expect(res.body.errors).toEqual([{ pointer: '#/version', detail: 'is read-only' }]);
  });

  it('when the baseline year is not before the target year, then the error says so', async () => {
    const res = await expectNoWrite(db, () =>
      api.post('/v1/agreements').send({ title: 'x', type: 'other', targets: [target({ baselineYear: 2050 })] }),
    );
    expectProblem(res, 422, 'validation_error');
    expect(res.body.errors).toEqual([{ pointer: '#/targets/0/baselineYear', detail: 'must be before targetYear' }]);
  });

  it.each([
    ['2024/05/19', 'must be YYYY, YYYY-MM or YYYY-MM-DD'],
    ['2025-02-30', 'is not a calendar date'],
  ])('when the adoptedDate is %s, then exactly one error explains it', async (adoptedDate, detail) => {
    const res = await expectNoWrite(db, () => api.post('/v1/agreements').send({ title: 'x', type: 'other', adoptedDate }));
    expectProblem(res, 422, 'validation_error');
    expect(res.body.errors).toEqual([{ pointer: '#/adoptedDate', detail }]);
  });

  it('when the summit does not exist, then 422 at #/summitId and nothing is written', async () => {
    const res = await expectNoWrite(db, () => api.post('/v1/agreements').send({ title: 'x', type: 'other', summitId: missingId('smt') }));
    expectProblem(res, 422, 'validation_error', ['#/summitId']);
  });

  it('when the summit exists, then the agreement refers to it', async () => {
    const summit = await createSummit(api);
    const res = await api.post('/v1/agreements').send({ title: 'x', type: 'other', summitId: summit.id });
    expect(res.status).toBe(201);
    expect(res.body.summitId).toBe(summit.id);
  });

  it('when several fields are wrong, then every one is listed at once', async () => {
    const res = await expectNoWrite(db, () =>
      api.post('/v1/agreements').send({ title: '', type: 'memo', themes: ['X'], targets: [target({ targetYear: 3000 })], extra: 1 }),
    );
    expectProblem(res, 422, 'validation_error', ['#/title', '#/type', '#/themes/0', '#/targets/0/targetYear', '#/extra']);
    expect(res.body.detail).toBe('5 fields are invalid');
  });
});

describe('GET /v1/agreements/:id', () => {
  it('when the id is unknown, then 404', async () => {
    expectProblem(await expectNoWrite(db, () => api.get(agreementPath(missingId('agr')))), 404, 'not_found');
  });

  it.each(['nothing', 'agr_1', missingId('smt')])('when the id is malformed (%s), then 404', async (id) => {
    expectProblem(await expectNoWrite(db, () => api.get(agreementPath(id))), 404, 'not_found');
  });
});

describe('PUT /v1/agreements/:id', () => {
  it('when the body is valid, then every writable field is replaced, themes and targets too, and the version is bumped', async () => {
    const summit = await createSummit(api);
    const a = await createAgreement(api, {
      ...NET_ZERO_2050,
      summitId: summit.id,
      adoptedDate: '2024-05-19',
      summary: 'old',
      sourceUrls: ['https://example.org/old'],
    });
    const res = await api.put(agreementPath(a.id)).send({
      title: 'Revised statement',
      type: 'communique',
      legalForce: 'non_binding',
      themes: ['energy.nuclear_power'],
      targets: [target({ targetType: 'carbon_neutral', targetYear: 2060, baselineYear: 2005 })],
    });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toEqual({
      id: a.id,
      title: 'Revised statement',
      type: 'communique',
      ambit: null,
      legalForce: 'non_binding',
      status: 'adopted',
      summitId: null,
      adoptedDate: null,
      entryIntoForceDate: null,
      terminationDate: null,
      dateNote: null,
      summary: null,
      text: null,
      themes: ['energy.nuclear_power'],
      targets: [fullTarget({ targetType: 'carbon_neutral', targetYear: 2060, baselineYear: 2005 })],
      sourceUrls: [],
      createdAt: a.createdAt,
      updatedAt: expect.stringMatching(TIMESTAMP),
      version: 2,
    });
    expect(res.body.updatedAt >= (a.createdAt as string)).toBe(true);
    expect((await api.get(agreementPath(a.id))).body).toEqual(res.body);
  });

  it('when the body leaves out themes and targets, then they become empty', async () => {
    const a = await createAgreement(api, NET_ZERO_2050);
    const res = await api.put(agreementPath(a.id)).send({ title: a.title, type: a.type });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ themes: [], targets: [], ambit: null, version: 2 });
  });

  it('when If-Match is current, then the write goes through', async () => {
    const a = await createAgreement(api);
    const res = await api.put(agreementPath(a.id)).set('If-Match', '"1"').send({ title: 'Fresh', type: 'mou' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: 'Fresh', type: 'mou', version: 2 });
  });

  it('when If-Match is stale, then 412 and nothing is written', async () => {
    const a = await createAgreement(api, NET_ZERO_2050);
    await api.patch(agreementPath(a.id)).send({ summary: 'changed' }).expect(200);
    const res = await expectNoWrite(db, () =>
      api.put(agreementPath(a.id)).set('If-Match', '"1"').send({ title: 'Stale', type: 'other', themes: ['x'] }),
    );
    expectProblem(res, 412, 'precondition_failed');
    expect((await api.get(agreementPath(a.id))).body).toMatchObject({ title: NET_ZERO_2050.title, themes: NET_ZERO_2050.themes, version: 2 });
  });

  it('when the id is unknown, then 404 and nothing is written', async () => {
    const res = await expectNoWrite(db, () => api.put(agreementPath(missingId('agr'))).send({ title: 'x', type: 'other' }));
    expectProblem(res, 404, 'not_found');
  });

  it('when the body is invalid, then 422 and nothing is written', async () => {
    const a = await createAgreement(api, NET_ZERO_2050);
    const res = await expectNoWrite(db, () =>
      api.put(agreementPath(a.id)).send({ title: 'x', type: 'other', targets: [target({ reductionPct: 101 })] }),
    );
    expectProblem(res, 422, 'validation_error', ['#/targets/0/reductionPct']);
  });

  it('when the summit does not exist, then 422 and nothing is written', async () => {
    const a = await createAgreement(api);
    const res = await expectNoWrite(db, () => api.put(agreementPath(a.id)).send({ title: 'x', type: 'other', summitId: missingId('smt') }));
    expectProblem(res, 422, 'validation_error', ['#/summitId']);
  });
});

describe('PATCH /v1/agreements/:id', () => {
  it('when a field is absent, then it is unchanged, and the version is bumped', async () => {
    const a = await createAgreement(api, { ...NET_ZERO_2050, summary: 'old', adoptedDate: '2024-05' });
    const res = await api.patch(agreementPath(a.id)).send({ summary: 'new' });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toEqual({ ...a, summary: 'new', updatedAt: expect.stringMatching(TIMESTAMP), version: 2 });
    expect((await api.get(agreementPath(a.id))).body).toEqual(res.body);
  });

  it('when targets are sent, then the array is replaced whole', async () => {
    const a = await createAgreement(api, {
      title: 'x',
      type: 'other',
      targets: [target({ targetYear: 2050 }), target({ targetType: 'emissions_reduction', targetYear: 2030, reductionPct: 45 })],
    });
    const res = await api.patch(agreementPath(a.id)).send({ targets: [target({ targetType: 'carbon_neutral', targetYear: 2060 })] });
    expect(res.status).toBe(200);
    expect(res.body.targets).toEqual([fullTarget({ targetType: 'carbon_neutral', targetYear: 2060 })]);
    expect((await api.get(agreementPath(a.id))).body.targets).toEqual(res.body.targets);
  });

  it('when themes are sent, then the array is replaced whole in the new order', async () => {
    const a = await createAgreement(api, { themes: ['a', 'b', 'c'] });
    const res = await api.patch(agreementPath(a.id)).send({ themes: ['c', 'a'] });
    expect(res.status).toBe(200);
    expect(res.body.themes).toEqual(['c', 'a']);
  });

  it('when themes and targets are null, then they reset to empty', async () => {
    const a = await createAgreement(api, NET_ZERO_2050);
    const res = await api.patch(agreementPath(a.id)).send({ themes: null, targets: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ themes: [], targets: [], title: NET_ZERO_2050.title, version: 2 });
  });

  it('when null clears optional fields, then they are null and defaulted ones return to their default', async () => {
    const a = await createAgreement(api, { ambit: 'bilateral', legalForce: 'legally_binding', status: 'signed', summary: 's' });
    const res = await api.patch(agreementPath(a.id)).send({ ambit: null, legalForce: null, status: null, summary: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ambit: null, legalForce: 'not_specified', status: 'adopted', summary: null });
  });

  it('when sent as application/merge-patch+json, then it is accepted', async () => {
    const a = await createAgreement(api);
    const res = await api
      .patch(agreementPath(a.id))
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ status: 'in_force' }));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('in_force');
  });

  it.each([
    ['a null title', { title: null }, ['#/title']],
    ['a null type', { type: null }, ['#/type']],
    ['a target with its baseline year after the target year', { targets: [target({ baselineYear: 2051 })] }, ['#/targets/0/baselineYear']],
    ['a duplicate theme', { themes: ['energy', 'energy'] }, ['#/themes']],
    ['an unknown and a read-only field', { colour: 'red', createdAt: '2024' }, ['#/colour', '#/createdAt']],
  ])('when the patch has %s, then 422 and nothing is written', async (_case, patch, pointers) => {
    const a = await createAgreement(api, NET_ZERO_2050);
    const res = await expectNoWrite(db, () => api.patch(agreementPath(a.id)).send(patch));
    expectProblem(res, 422, 'validation_error', pointers);
  });

  it('when the patched dates would come out of order, then 422 names the later field', async () => {
    const a = await createAgreement(api, { adoptedDate: '2024-05-19' });
    const res = await expectNoWrite(db, () => api.patch(agreementPath(a.id)).send({ entryIntoForceDate: '2024-05-01' }));
    expectProblem(res, 422, 'validation_error', ['#/entryIntoForceDate']);
  });

  it('when the patch names a summit that does not exist, then 422', async () => {
    const a = await createAgreement(api);
    const res = await expectNoWrite(db, () => api.patch(agreementPath(a.id)).send({ summitId: missingId('smt') }));
    expectProblem(res, 422, 'validation_error', ['#/summitId']);
  });

  it('when the patch is an array, then 422', async () => {
    const a = await createAgreement(api);
    const res = await expectNoWrite(db, () => api.patch(agreementPath(a.id)).send([{ title: 'x' }]));
    expectProblem(res, 422, 'validation_error');
  });

  it('when If-Match is stale, then 412 and nothing is written', async () => {
    const a = await createAgreement(api);
    const res = await expectNoWrite(db, () => api.patch(agreementPath(a.id)).set('If-Match', '"2"').send({ title: 'x' }));
    expectProblem(res, 412, 'precondition_failed');
  });

  it('when the id is unknown, then 404 and nothing is written', async () => {
    const res = await expectNoWrite(db, () => api.patch(agreementPath(missingId('agr'))).send({ title: 'x' }));
    expectProblem(res, 404, 'not_found');
  });
});

describe('DELETE /v1/agreements/:id', () => {
  it('when nothing refers to it, then 204 and it is gone with its actions', async () => {
    const japan = await createCountry(api, { name: 'Japan' });
    const a = await createAgreement(api, NET_ZERO_2050);
    const action = await recordAction(a.id, { participantId: japan.id, action: 'endorsed' });

    const res = await api.delete(agreementPath(a.id));
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectProblem(await api.get(agreementPath(a.id)), 404, 'not_found');
    expectProblem(await api.get(`${actionsPath(a.id)}/${action.id}`), 404, 'not_found');
    expectProblem(await api.get(actionsPath(a.id)), 404, 'not_found');
    expect(db.$client.prepare('SELECT count(*) AS n FROM agreement_actions').get()).toEqual({ n: 0 });
    expect((await api.delete(`/v1/participants/${japan.id}`)).status).toBe(204);
  });

  it('when If-Match is current, then it is deleted', async () => {
    const a = await createAgreement(api);
    expect((await api.delete(agreementPath(a.id)).set('If-Match', '"1"')).status).toBe(204);
  });

  it('when If-Match is stale, then 412 and it stays', async () => {
    const a = await createAgreement(api);
    const res = await expectNoWrite(db, () => api.delete(agreementPath(a.id)).set('If-Match', '"5"'));
    expectProblem(res, 412, 'precondition_failed');
    expect((await api.get(agreementPath(a.id))).status).toBe(200);
  });

  it('when the id is unknown or malformed, then 404', async () => {
    expectProblem(await expectNoWrite(db, () => api.delete(agreementPath(missingId('agr')))), 404, 'not_found');
    expectProblem(await expectNoWrite(db, () => api.delete(agreementPath('agr_nope'))), 404, 'not_found');
  });

  it('when commitments refer to it, then 409 counts them and nothing is deleted', async () => {
    const japan = await createCountry(api, { name: 'Japan' });
    const a = await createAgreement(api, NET_ZERO_2050);
    await recordAction(a.id, { participantId: japan.id, action: 'endorsed' });
    await createCommitment(api, { agreementId: a.id, parties: [{ participantId: japan.id, role: 'pledger' }] });
    await createCommitment(api, { text: 'Another', agreementId: a.id, parties: [{ participantId: japan.id, role: 'pledger' }] });

    const res = await expectNoWrite(db, () => api.delete(agreementPath(a.id)));
    expectProblem(res, 409, 'has_dependents');
    expect(res.body.dependents).toEqual({ commitments: 2 });
    expect(res.body.detail).toContain('2 records');
    expect((await api.get(agreementPath(a.id))).body).toEqual(a);
  });
});

describe('GET /v1/agreements', () => {
  it('when listed, then the envelope holds them newest first with themes and targets', async () => {
    const first = await createAgreement(api, { title: 'First' });
    const second = await createAgreement(api, NET_ZERO_2050);
    const third = await createAgreement(api, { title: 'Third' });
    const res = await api.get('/v1/agreements');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [third, second, first], hasMore: false, nextCursor: null });
    expect(res.headers.link).toBeUndefined();
  });

  it('when the list is empty, then the envelope is empty', async () => {
    expect((await api.get('/v1/agreements')).body).toEqual({ data: [], hasMore: false, nextCursor: null });
  });

  it('when paged with limit=2, then every agreement is seen once, newest first, and the Link header leads on', async () => {
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await createAgreement(api, { title: `Agreement ${i}`, themes: [`theme_${i}`] }));
    const seen: unknown[] = [];
    let url: string | undefined = '/v1/agreements?limit=2';
    let pages = 0;
    while (url) {
      const res = await api.get(url);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data);
      pages++;
      if (res.body.hasMore) {
        expect(res.headers.link).toMatch(/^<\/v1\/agreements\?limit=2&cursor=[A-Za-z0-9_-]+>; rel="next"$/);
        url = `/v1/agreements?limit=2&cursor=${res.body.nextCursor}`;
      } else {
        expect(res.body.nextCursor).toBeNull();
        url = undefined;
      }
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());
  });
});

describe('POST /v1/agreements/:id/actions', () => {
  it('when the action is valid, then 201 gives Location, ETag and the full action', async () => {
    const kz = await createCountry(api, { name: 'Kazakhstan' });
    const a = await createAgreement(api, NET_ZERO_2050);
    const res = await api
      .post(actionsPath(a.id))
      .send({ participantId: kz.id, action: 'ratified', actionDate: '2024-03', effectiveDate: '2024-06-01', note: 'By parliament' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(new RegExp(`^act_${ULID}$`)),
      agreementId: a.id,
      participantId: kz.id,
      action: 'ratified',
      actionDate: '2024-03',
      effectiveDate: '2024-06-01',
      note: 'By parliament',
      sourceUrls: [],
      createdAt: expect.stringMatching(TIMESTAMP),
      updatedAt: res.body.createdAt,
      version: 1,
    });
    expect(res.headers.location).toBe(`/v1/agreements/${a.id}/actions/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');

    const read = await api.get(`${actionsPath(a.id)}/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.body).toEqual(res.body);
  });

  it("when the United States' acceptance, withdrawal and re-entry of the Paris Agreement are recorded with their source, then each action keeps it", async () => {
    const usa = await createCountry(api, { name: 'United States' });
    const paris = await createAgreement(api, { title: 'Paris Agreement', type: 'treaty', legalForce: 'legally_binding', adoptedDate: '2015-12-12' });
    const status = 'https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVII-7-d&chapter=27';
    const steps = [
      { action: 'accepted', actionDate: '2016-09-03', effectiveDate: '2016-11-04' },
      { action: 'withdrew', actionDate: '2019-11-04', effectiveDate: '2020-11-04' },
      { action: 'accepted', actionDate: '2021-01-20', effectiveDate: '2021-02-19' },
    ];
    for (const step of steps) {
      expect(await recordAction(paris.id, { participantId: usa.id, ...step, sourceUrls: [status] })).toMatchObject({ ...step, sourceUrls: [status] });
    }
    const listed = await api.get(`${actionsPath(paris.id)}?sort=actionDate`);
    expect(listed.body.data.map((a: { sourceUrls: string[] }) => a.sourceUrls)).toEqual([[status], [status], [status]]);
    const bad = await expectNoWrite(db, () =>
      api.post(actionsPath(paris.id)).send({ participantId: usa.id, action: 'withdrew', sourceUrls: [status, status] }),
    );
    expectProblem(bad, 422, 'validation_error', ['#/sourceUrls']);
  });

  it('when only participant and action are given, then the dates and note are null', async () => {
    const kz = await createCountry(api);
    const a = await createAgreement(api);
    const action = await recordAction(a.id, { participantId: kz.id, action: 'endorsed' });
    expect(action).toMatchObject({ action: 'endorsed', actionDate: null, effectiveDate: null, note: null });
  });

  it('when the effective date equals the action date at a shared precision, then it is accepted', async () => {
    const kz = await createCountry(api);
    const a = await createAgreement(api);
    const action = await recordAction(a.id, { participantId: kz.id, action: 'signed', actionDate: '2024-05-19', effectiveDate: '2024' });
    expect(action).toMatchObject({ actionDate: '2024-05-19', effectiveDate: '2024' });
  });

  it('when the agreement does not exist, then 404 and nothing is written', async () => {
    const kz = await createCountry(api);
    const res = await expectNoWrite(db, () => api.post(actionsPath(missingId('agr'))).send({ participantId: kz.id, action: 'signed' }));
    expectProblem(res, 404, 'not_found');
  });

  it('when the agreement id is malformed, then 404', async () => {
    const kz = await createCountry(api);
    const res = await expectNoWrite(db, () => api.post(actionsPath('agr_x')).send({ participantId: kz.id, action: 'signed' }));
    expectProblem(res, 404, 'not_found');
  });

  it('when the participant does not exist, then 422 at #/participantId and nothing is written', async () => {
    const a = await createAgreement(api);
    const res = await expectNoWrite(db, () => api.post(actionsPath(a.id)).send({ participantId: missingId('par'), action: 'signed' }));
    expectProblem(res, 422, 'validation_error', ['#/participantId']);
  });

  it.each(['endorsed', 'signed', 'ratified', 'withdrew'])(
    'when the participant is a person and the action is %s, then 422 at #/participantId and nothing is written',
    async (action) => {
      const pm = await createParticipant(api, { kind: 'person', name: 'Prime Minister' });
      const a = await createAgreement(api);
      const res = await expectNoWrite(db, () => api.post(actionsPath(a.id)).send({ participantId: pm.id, action, actionDate: '2024-05-19' }));
      expectProblem(res, 422, 'validation_error', ['#/participantId']);
      expect(res.body.errors[0].detail).toMatch(/country or an organization/);
    },
  );

  it('when the participant is an organization, then the action is recorded', async () => {
    const eu = await createParticipant(api, { kind: 'organization', name: 'European Union' });
    const a = await createAgreement(api);
    const action = await recordAction(a.id, { participantId: eu.id, action: 'approved' });
    expect(action).toMatchObject({ participantId: eu.id, action: 'approved' });
  });

  it.each([
    ['an effective date before the action date', { effectiveDate: '2024-05-18', actionDate: '2024-05-19' }, ['#/effectiveDate']],
    ['an effective year before the action year', { effectiveDate: '2023', actionDate: '2024-01' }, ['#/effectiveDate']],
    ['an unknown action', { action: 'rejected' }, ['#/action']],
    ['a missing action', { action: undefined }, ['#/action']],
    ['a missing participantId', { participantId: undefined }, ['#/participantId']],
    ['a malformed participantId', { participantId: 'par_1' }, ['#/participantId']],
    ['an impossible actionDate', { actionDate: '2024-02-30' }, ['#/actionDate']],
    ['a malformed effectiveDate', { effectiveDate: '19 May 2024' }, ['#/effectiveDate']],
    ['a blank note', { note: '  ' }, ['#/note']],
    ['a note over 2000 characters', { note: 'x'.repeat(2001) }, ['#/note']],
    ['an unknown field', { role: 'host' }, ['#/role']],
    ['a read-only field', { agreementId: missingId('agr'), id: 'act_x' }, ['#/agreementId', '#/id']],
  ])('when the body has %s, then 422 and nothing is written', async (_case, overrides, pointers) => {
    const kz = await createCountry(api);
    const a = await createAgreement(api);
    const res = await expectNoWrite(db, () => api.post(actionsPath(a.id)).send({ participantId: kz.id, action: 'signed', ...overrides }));
    expectProblem(res, 422, 'validation_error', pointers);
  });
});

describe('GET and DELETE /v1/agreements/:id/actions/:actionId', () => {
  it('when the action is unknown, malformed or belongs to another agreement, then 404', async () => {
    const kz = await createCountry(api);
    const a = await createAgreement(api);
    const other = await createAgreement(api);
    const action = await recordAction(a.id, { participantId: kz.id, action: 'signed' });
    for (const path of [
      `${actionsPath(a.id)}/${missingId('act')}`,
      `${actionsPath(a.id)}/act_1`,
      `${actionsPath(other.id)}/${action.id}`,
      `${actionsPath(missingId('agr'))}/${action.id}`,
    ]) {
      expectProblem(await expectNoWrite(db, () => api.get(path)), 404, 'not_found');
      expectProblem(await expectNoWrite(db, () => api.delete(path)), 404, 'not_found');
    }
  });

  it('when a wrong entry is deleted, then 204 and it is gone', async () => {
    const kz = await createCountry(api);
    const a = await createAgreement(api);
    const keep = await recordAction(a.id, { participantId: kz.id, action: 'signed' });
    const wrong = await recordAction(a.id, { participantId: kz.id, action: 'withdrew' });
    const res = await api.delete(`${actionsPath(a.id)}/${wrong.id}`);
    expect(res.status).toBe(204);
    expectProblem(await api.get(`${actionsPath(a.id)}/${wrong.id}`), 404, 'not_found');
    expect((await api.get(actionsPath(a.id))).body).toEqual({ data: [keep], hasMore: false, nextCursor: null });
    expect((await api.get(agreementPath(a.id))).body).toEqual(a);
  });

  it('when If-Match is stale, then 412 and it stays', async () => {
    const kz = await createCountry(api);
    const a = await createAgreement(api);
    const action = await recordAction(a.id, { participantId: kz.id, action: 'signed' });
    const res = await expectNoWrite(db, () => api.delete(`${actionsPath(a.id)}/${action.id}`).set('If-Match', '"2"'));
    expectProblem(res, 412, 'precondition_failed');
  });
});

describe('GET /v1/agreements/:id/actions', () => {
  it('when listed, then the envelope holds this agreement’s actions newest first', async () => {
    const kz = await createCountry(api);
    const jp = await createCountry(api);
    const a = await createAgreement(api);
    const other = await createAgreement(api);
    const first = await recordAction(a.id, { participantId: kz.id, action: 'signed', actionDate: '2024' });
    await recordAction(other.id, { participantId: kz.id, action: 'signed' });
    const second = await recordAction(a.id, { participantId: jp.id, action: 'endorsed' });
    const res = await api.get(actionsPath(a.id));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [second, first], hasMore: false, nextCursor: null });
  });

  it('when paged with limit=2, then every action is seen once', async () => {
    const kz = await createCountry(api);
    const a = await createAgreement(api);
    const created = [];
    for (const action of ['endorsed', 'signed', 'ratified', 'withdrew', 'acceded']) {
      created.push(await recordAction(a.id, { participantId: kz.id, action }));
    }
    const first = await api.get(`${actionsPath(a.id)}?limit=2`);
    expect(first.body).toEqual({ data: [created[4], created[3]], hasMore: true, nextCursor: expect.any(String) });
    expect(first.headers.link).toContain('rel="next"');
    const second = await api.get(`${actionsPath(a.id)}?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toEqual({ data: [created[2], created[1]], hasMore: true, nextCursor: expect.any(String) });
    const third = await api.get(`${actionsPath(a.id)}?limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body).toEqual({ data: [created[0]], hasMore: false, nextCursor: null });
  });

  it('when the agreement is unknown, then 404', async () => {
    expectProblem(await expectNoWrite(db, () => api.get(actionsPath(missingId('agr')))), 404, 'not_found');
  });
});

describe('GET /v1/agreements/:id/parties', () => {
  it.each([
    ['endorsed', 'endorsed'],
    ['signed', 'signatory'],
    ['ratified', 'party'],
    ['accepted', 'party'],
    ['approved', 'party'],
    ['acceded', 'party'],
    ['withdrew', 'withdrawn'],
  ])('when the only action is %s, then the standing is %s', async (action, status) => {
    const kz = await createCountry(api);
    const a = await createAgreement(api);
    await recordAction(a.id, { participantId: kz.id, action, actionDate: '2024-05-19' });
    const res = await api.get(partiesPath(a.id));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: [{ participantId: kz.id, status, since: '2024-05-19', actions: 1 }],
      hasMore: false,
      nextCursor: null,
    });
  });

  it('when there are no actions, then the envelope is empty', async () => {
    const a = await createAgreement(api);
    expect((await api.get(partiesPath(a.id))).body).toEqual({ data: [], hasMore: false, nextCursor: null });
  });

  it('when participants signed, ratified and withdrew, then each standing comes from its latest action by actionDate', async () => {
    const japan = await createCountry(api, { name: 'Japan' });
    const kz = await createCountry(api, { name: 'Kazakhstan' });
    const uz = await createCountry(api, { name: 'Uzbekistan' });
    const a = await createAgreement(api, NET_ZERO_2050);
    await recordAction(a.id, { participantId: kz.id, action: 'ratified', actionDate: '2024-09-01', effectiveDate: '2024-10-01' });
    await recordAction(a.id, { participantId: japan.id, action: 'endorsed', actionDate: '2024-05-19' });
    await recordAction(a.id, { participantId: kz.id, action: 'signed', actionDate: '2024-05-19' });
    await recordAction(a.id, { participantId: uz.id, action: 'signed', actionDate: '2024-05-19' });
    await recordAction(a.id, { participantId: uz.id, action: 'withdrew', actionDate: '2025-01', effectiveDate: '2026' });

    const res = await api.get(partiesPath(a.id));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: [
        { participantId: japan.id, status: 'endorsed', since: '2024-05-19', actions: 1 },
        { participantId: kz.id, status: 'party', since: '2024-10-01', actions: 2 },
        { participantId: uz.id, status: 'withdrawn', since: '2026', actions: 2 },
      ],
      hasMore: false,
      nextCursor: null,
    });
  });

  it('when a participant withdrew and later acceded again, then it is a party since the accession', async () => {
    const kz = await createCountry(api);
    const a = await createAgreement(api);
    await recordAction(a.id, { participantId: kz.id, action: 'ratified', actionDate: '2016-11-04' });
    await recordAction(a.id, { participantId: kz.id, action: 'acceded', actionDate: '2021-02-19' });
    await recordAction(a.id, { participantId: kz.id, action: 'withdrew', actionDate: '2020-11-04' });
    const res = await api.get(partiesPath(a.id));
    expect(res.body.data).toEqual([{ participantId: kz.id, status: 'party', since: '2021-02-19', actions: 3 }]);
  });

  it('when an undated action was recorded last, then it counts as the oldest', async () => {
    const kz = await createCountry(api);
    const a = await createAgreement(api);
    await recordAction(a.id, { participantId: kz.id, action: 'ratified', actionDate: '2024-06' });
    await recordAction(a.id, { participantId: kz.id, action: 'withdrew' });
    const res = await api.get(partiesPath(a.id));
    expect(res.body.data).toEqual([{ participantId: kz.id, status: 'party', since: '2024-06', actions: 2 }]);
  });

  it('when every action is undated, then the one recorded last decides and since is null', async () => {
    const kz = await createCountry(api);
    const a = await createAgreement(api);
    await recordAction(a.id, { participantId: kz.id, action: 'signed' });
    await recordAction(a.id, { participantId: kz.id, action: 'ratified' });
    const res = await api.get(partiesPath(a.id));
    expect(res.body.data).toEqual([{ participantId: kz.id, status: 'party', since: null, actions: 2 }]);
  });

  it('when two actions share a date, then the one recorded last decides', async () => {
    const kz = await createCountry(api);
    const a = await createAgreement(api);
    await recordAction(a.id, { participantId: kz.id, action: 'withdrew', actionDate: '2024-05-19' });
    await recordAction(a.id, { participantId: kz.id, action: 'signed', actionDate: '2024-05-19' });
    const res = await api.get(partiesPath(a.id));
    expect(res.body.data).toEqual([{ participantId: kz.id, status: 'signatory', since: '2024-05-19', actions: 2 }]);
  });

  it('when the latest action is deleted, then the standing falls back to the one before', async () => {
    const kz = await createCountry(api);
    const a = await createAgreement(api);
    await recordAction(a.id, { participantId: kz.id, action: 'signed', actionDate: '2024' });
    const wrong = await recordAction(a.id, { participantId: kz.id, action: 'withdrew', actionDate: '2025' });
    await api.delete(`${actionsPath(a.id)}/${wrong.id}`).expect(204);
    const res = await api.get(partiesPath(a.id));
    expect(res.body.data).toEqual([{ participantId: kz.id, status: 'signatory', since: '2024', actions: 1 }]);
  });

  it('when actions of another agreement exist, then they are not counted', async () => {
    const kz = await createCountry(api);
    const a = await createAgreement(api);
    const other = await createAgreement(api);
    await recordAction(a.id, { participantId: kz.id, action: 'signed', actionDate: '2024' });
    await recordAction(other.id, { participantId: kz.id, action: 'withdrew', actionDate: '2025' });
    const res = await api.get(partiesPath(a.id));
    expect(res.body.data).toEqual([{ participantId: kz.id, status: 'signatory', since: '2024', actions: 1 }]);
  });

  it('when paged with limit=1, then every party is seen once', async () => {
    const a = await createAgreement(api);
    const parties = [];
    for (const action of ['endorsed', 'signed', 'ratified', 'withdrew']) {
      const p = await createParticipant(api, { kind: 'organization', name: `Org ${action}` });
      await recordAction(a.id, { participantId: p.id, action, actionDate: '2024' });
      parties.push(p.id);
    }
    const seen: { participantId: string; status: string }[] = [];
    let url: string | undefined = `${partiesPath(a.id)}?limit=1`;
    let pages = 0;
    while (url) {
      const res = await api.get(url);
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(1);
      seen.push(...res.body.data);
      pages++;
      if (res.body.hasMore) {
        expect(res.headers.link).toContain('rel="next"');
        url = `${partiesPath(a.id)}?limit=1&cursor=${res.body.nextCursor}`;
      } else {
        expect(res.body.nextCursor).toBeNull();
        url = undefined;
      }
    }
    expect(pages).toBe(4);
    expect(seen.map((s) => s.participantId)).toEqual([...parties].sort());
    expect(seen.map((s) => s.status).sort()).toEqual(['endorsed', 'party', 'signatory', 'withdrawn']);
  });

  it('when the agreement is unknown or malformed, then 404', async () => {
    expectProblem(await expectNoWrite(db, () => api.get(partiesPath(missingId('agr')))), 404, 'not_found');
    expectProblem(await expectNoWrite(db, () => api.get(partiesPath('agr_1'))), 404, 'not_found');
  });
});

describe('GET /v1/agreements/:id/parties as of a date', () => {
  /** A party's log in the manner of the Paris Agreement's: ratified, withdrew, acceded, withdrew again. */
  async function parisLog() {
    const party = await createCountry(api, { name: 'Party' });
    const a = await createAgreement(api, { title: 'Paris Agreement', type: 'agreement' });
    await recordAction(a.id, { participantId: party.id, action: 'ratified', actionDate: '2016-09-03', effectiveDate: '2016-11-04' });
    await recordAction(a.id, { participantId: party.id, action: 'withdrew', actionDate: '2019-11-04', effectiveDate: '2020-11-04' });
    await recordAction(a.id, { participantId: party.id, action: 'acceded', actionDate: '2021-01-20', effectiveDate: '2021-02-19' });
    await recordAction(a.id, { participantId: party.id, action: 'withdrew', actionDate: '2025-01-27', effectiveDate: '2026-01-27' });
    return { party, a };
  }

  it.each<[string, { status: string; since: string; actions: number } | null]>([
    ['2016-11-03', null],
    ['2016-11-04', { status: 'party', since: '2016-11-04', actions: 1 }],
    ['2020-11-03', { status: 'party', since: '2016-11-04', actions: 1 }],
    ['2020-11-04', { status: 'withdrawn', since: '2020-11-04', actions: 2 }],
    ['2021-02-18', { status: 'withdrawn', since: '2020-11-04', actions: 2 }],
    ['2021-02-19', { status: 'party', since: '2021-02-19', actions: 3 }],
    ['2026-01-26', { status: 'party', since: '2021-02-19', actions: 3 }],
    ['2026-01-27', { status: 'withdrawn', since: '2026-01-27', actions: 4 }],
  ])('when asOf=%s, then only the actions in effect by that day count', async (asOf, standing) => {
    const { party, a } = await parisLog();
    const res = await api.get(`${partiesPath(a.id)}?asOf=${asOf}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: standing ? [{ participantId: party.id, ...standing }] : [], hasMore: false, nextCursor: null });
  });

  it('when a withdrawal takes effect after today, then the party is not withdrawn yet, and is from that day on', async () => {
    const party = await createCountry(api);
    const a = await createAgreement(api);
    await recordAction(a.id, { participantId: party.id, action: 'ratified', actionDate: '2020-05-01' });
    await recordAction(a.id, { participantId: party.id, action: 'withdrew', actionDate: '2027-02-01', effectiveDate: '2027-03-02' });
    expect((await api.get(partiesPath(a.id))).body.data).toEqual([{ participantId: party.id, status: 'party', since: '2020-05-01', actions: 1 }]);

    const tomorrow = makeApp(db, { clock: clockAt('2027-03-02') }).api;
    expect((await tomorrow.get(partiesPath(a.id))).body.data).toEqual([
      { participantId: party.id, status: 'withdrawn', since: '2027-03-02', actions: 2 },
    ]);
  });

  it('when an action has no effective date, then its action date decides; without either, it always counts', async () => {
    const signed = await createCountry(api, { name: 'Signed' });
    const undated = await createCountry(api, { name: 'Undated' });
    const a = await createAgreement(api);
    await recordAction(a.id, { participantId: signed.id, action: 'signed', actionDate: '2024-05-19' });
    await recordAction(a.id, { participantId: undated.id, action: 'endorsed' });
    const on = (asOf: string) => api.get(`${partiesPath(a.id)}?asOf=${asOf}`).then((res) => res.body.data);
    expect(await on('2024-05-18')).toEqual([{ participantId: undated.id, status: 'endorsed', since: null, actions: 1 }]);
    expect(await on('2024-05-19')).toEqual(
      [
        { participantId: signed.id, status: 'signatory', since: '2024-05-19', actions: 1 },
        { participantId: undated.id, status: 'endorsed', since: null, actions: 1 },
      ].sort((x, y) => (x.participantId < y.participantId ? -1 : 1)),
    );
  });

  it.each<[string, string, string, boolean]>([
    ['an effective year', '2026', '2026-12-30', false],
    ['an effective year, on its last day', '2026', '2026-12-31', true],
    ['an effective month', '2026-02', '2026-02-27', false],
    ['an effective month, on its last day', '2026-02', '2026-02-28', true],
    ['an effective month of a leap year, on its last day', '2028-02', '2028-02-29', true],
  ])('when a withdrawal has %s (%s), then as of %s it counts: %s', async (_case, effectiveDate, asOf, counts) => {
    const party = await createCountry(api);
    const a = await createAgreement(api);
    await recordAction(a.id, { participantId: party.id, action: 'ratified', actionDate: '2016' });
    await recordAction(a.id, { participantId: party.id, action: 'withdrew', actionDate: '2025-01', effectiveDate });
    const res = await api.get(`${partiesPath(a.id)}?asOf=${asOf}`);
    expect(res.body.data).toEqual([
      counts
        ? { participantId: party.id, status: 'withdrawn', since: effectiveDate, actions: 2 }
        : { participantId: party.id, status: 'party', since: '2016', actions: 1 },
    ]);
  });

  it('when an agreement is read or listed with expand=parties, then the standings are those of today', async () => {
    const party = await createCountry(api);
    const a = await createAgreement(api);
    await recordAction(a.id, { participantId: party.id, action: 'ratified', actionDate: '2020-05-01' });
    await recordAction(a.id, { participantId: party.id, action: 'withdrew', actionDate: '2027-02-01', effectiveDate: '2027-03-02' });
    const today = [{ participantId: party.id, status: 'party', since: '2020-05-01', actions: 1 }];
    expect((await api.get(`${agreementPath(a.id)}?expand=parties`)).body.parties).toEqual(today);
    expect((await api.get('/v1/agreements?expand=parties')).body.data[0].parties).toEqual(today);

    const tomorrow = makeApp(db, { clock: clockAt('2027-03-02') }).api;
    const later = [{ participantId: party.id, status: 'withdrawn', since: '2027-03-02', actions: 2 }];
    expect((await tomorrow.get(`${agreementPath(a.id)}?expand=parties`)).body.parties).toEqual(later);
    expect((await tomorrow.get('/v1/agreements?expand=parties')).body.data[0].parties).toEqual(later);
  });

  it('when a cursor issued for one asOf is used with another, then 400 names cursor', async () => {
    const a = await createAgreement(api);
    for (const name of ['A', 'B']) {
      const p = await createParticipant(api, { kind: 'organization', name });
      await recordAction(a.id, { participantId: p.id, action: 'endorsed', actionDate: '2024' });
    }
    const first = await api.get(`${partiesPath(a.id)}?asOf=2025-01-01&limit=1`);
    expect(first.body.hasMore).toBe(true);
    const next = await api.get(`${partiesPath(a.id)}?asOf=2025-01-01&limit=1&cursor=${first.body.nextCursor}`);
    expect(next.status).toBe(200);
    expectProblem(await api.get(`${partiesPath(a.id)}?asOf=2026-01-01&limit=1&cursor=${first.body.nextCursor}`), 400, 'invalid_parameter', ['cursor']);
  });

  it.each([
    ['a calendar-invalid day', 'asOf=2025-02-30'],
    ['a year only', 'asOf=2025'],
    ['a month only', 'asOf=2025-02'],
    ['a timestamp', 'asOf=2025-02-01T00:00:00Z'],
    ['a word', 'asOf=today'],
    ['an empty value', 'asOf='],
    ['a repeated parameter', 'asOf=2025-01-01&asOf=2025-01-02'],
  ])('when asOf is %s, then 400 names asOf', async (_case, q) => {
    const a = await createAgreement(api);
    expectProblem(await api.get(`${partiesPath(a.id)}?${q}`), 400, 'invalid_parameter', ['asOf']);
  });
});

describe('writes that change nothing', () => {
  it('when an agreement is PUT back as it was read, then its version stays; a real change bumps it', async () => {
    const created = await createAgreement(api, {
      themes: ['climate.net_zero'],
      targets: [{ targetType: 'net_zero', targetYear: 2050, yearQualifier: 'or_later' }],
    });
    const { id: _id, createdAt: _c, updatedAt: _u, version: _v, ...writable } = created;
    const same = await api.put(`/v1/agreements/${created.id}`).send(writable);
    expect(same.status).toBe(200);
    expect(same.body).toEqual(created);
    const changed = await api.patch(`/v1/agreements/${created.id}`).send({ targets: [{ targetType: 'net_zero', targetYear: 2060 }] });
    expect(changed.body.version).toBe(2);
  });
});


describe('targets beyond reductions', () => {
  it('when the COP28 pledge to triple renewable capacity to 11,000 GW and double efficiency gains by 2030 is recorded, then multiples, quantities and units are kept and filterable', async () => {
    const pledge = await createAgreement(api, {
      title: 'Global Renewables and Energy Efficiency Pledge',
      type: 'joint_declaration',
      adoptedDate: '2023-12-02',
      sourceUrls: ['https://www.cop28.com/en/global-renewables-and-energy-efficiency-pledge'],
      targets: [
        { targetType: 'increase', indicator: "world's installed renewable energy generation capacity", multiple: 3, quantity: 11000, unit: 'GW', targetYear: 2030, note: 'at least 11,000 GW' },
        { targetType: 'increase', indicator: 'global average annual rate of energy efficiency improvements', multiple: 2, targetYear: 2030 },
      ],
    });
    expect(pledge.targets).toEqual([
      fullTarget({ targetType: 'increase', targetYear: 2030, indicator: "world's installed renewable energy generation capacity", multiple: 3, quantity: 11000, unit: 'GW', note: 'at least 11,000 GW' }),
      fullTarget({ targetType: 'increase', targetYear: 2030, indicator: 'global average annual rate of energy efficiency improvements', multiple: 2 }),
    ]);
    await createAgreement(api, NET_ZERO_2050);
    const found = await api.get('/v1/agreements?targetType=increase&targetYear=2030');
    expect(found.body.data.map((a: { id: string }) => a.id)).toEqual([pledge.id]);
  });

  it("when the European Climate Law's neutrality 'by 2050 at the latest' is recorded, then the qualifier says so", async () => {
    const law = await createAgreement(api, {
      title: 'European Climate Law',
      type: 'other',
      legalForce: 'legally_binding',
      adoptedDate: '2021-06-30',
      targets: [{ targetType: 'climate_neutral', targetYear: 2050, yearQualifier: 'at_the_latest', gasCoverage: 'all_ghg', legalStatus: 'in_law' }],
    });
    expect(law.targets).toEqual([fullTarget({ targetType: 'climate_neutral', yearQualifier: 'at_the_latest', gasCoverage: 'all_ghg', legalStatus: 'in_law' })]);
  });

  it('when an increase target names no indicator, or a quantity comes without its unit, then 422 points into the target and nothing is written', async () => {
    const res = await expectNoWrite(db, () =>
      api.post('/v1/agreements').send({
        title: 'Pledge',
        type: 'other',
        targets: [
          { targetType: 'increase', multiple: 3, targetYear: 2030 },
          { targetType: 'increase', indicator: 'capacity', quantity: 11000, targetYear: 2030 },
          { targetType: 'increase', indicator: 'capacity', multiple: -3, targetYear: 2030 },
        ],
      }),
    );
    expectProblem(res, 422, 'validation_error', ['#/targets/0/indicator', '#/targets/1/unit', '#/targets/2/multiple']);
  });
});
