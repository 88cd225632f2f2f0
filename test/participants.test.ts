import { beforeEach, describe, expect, it } from 'vitest';
import {
  createCountry,
  createParticipant,
  createSummit,
  expectNoWrite,
  expectProblem,
  makeApp,
  missingId,
  nextIso3,
  type Api,
} from './helpers.js';

let api: Api;
let db: ReturnType<typeof makeApp>['db'];
beforeEach(() => {
  ({ api, db } = makeApp());
});

describe('POST /v1/participants', () => {
  it('when a participant is recorded with its sources, then they are kept, and a URL that is not http(s) is refused', async () => {
    const sources = ['https://www.wikidata.org/wiki/Q17', 'https://www.mofa.go.jp/'];
    const japan = await createCountry(api, { name: 'Japan', wikidataId: 'Q17', sourceUrls: sources });
    expect(japan.sourceUrls).toEqual(sources);
    const patched = await api.patch(`/v1/participants/${japan.id}`).send({ sourceUrls: [sources[0]] });
    expect(patched.body.sourceUrls).toEqual([sources[0]]);
    const bad = await expectNoWrite(db, () => api.post('/v1/participants').send({ kind: 'organization', name: 'G7', sourceUrls: ['javascript:alert(1)'] }));
    expectProblem(bad, 422, 'validation_error', ['#/sourceUrls/0']);
  });

  it('when a country is valid, then it is created with 201, Location, ETag and every field', async () => {
    const iso3 = nextIso3();
    const res = await api.post('/v1/participants').send({ kind: 'country', name: 'Japan', iso3, wikidataId: 'Q17' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^par_[0-9A-HJKMNP-TV-Z]{26}$/),
      kind: 'country',
      name: 'Japan',
      shortName: null,
      iso3,
      affiliationId: null,
      title: null,
      description: null,
      wikidataId: 'Q17',
      sourceUrls: [],
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      updatedAt: res.body.createdAt,
      version: 1,
    });
    expect(res.headers.location).toBe(`/v1/participants/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers['cache-control']).toBe('no-store');

    const read = await api.get(res.headers.location!);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it('when a person names a government as affiliation, then it is created', async () => {
    const japan = await createCountry(api, { name: 'Japan' });
    const res = await api.post('/v1/participants').send({
      kind: 'person',
      name: 'Fumio Kishida',
      title: 'Prime Minister of Japan',
      affiliationId: japan.id,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'person', title: 'Prime Minister of Japan', affiliationId: japan.id, iso3: null });
  });

  it.each([
    ['a country without iso3', { kind: 'country', name: 'Kazakhstan' }, ['#/iso3']],
    ['a person with iso3', { kind: 'person', name: 'Aida Aidarkulova', iso3: 'KAZ' }, ['#/iso3']],
    ['an organization with iso3', { kind: 'organization', name: 'UN', iso3: 'UNO' }, ['#/iso3']],
    ['a title on a country', { kind: 'country', name: 'Japan', iso3: 'JPN', title: 'Prime Minister' }, ['#/title']],
    ['a lowercase iso3', { kind: 'country', name: 'Japan', iso3: 'jpn' }, ['#/iso3']],
    ['an unknown kind', { kind: 'city', name: 'Astana' }, ['#/kind']],
    ['a missing name', { kind: 'organization' }, ['#/name']],
    ['a blank name', { kind: 'organization', name: '   ' }, ['#/name']],
    ['a name over 200 characters', { kind: 'organization', name: 'x'.repeat(201) }, ['#/name']],
    ['a shortName over 60 characters', { kind: 'organization', name: 'x', shortName: 'y'.repeat(61) }, ['#/shortName']],
    ['a malformed wikidataId', { kind: 'organization', name: 'x', wikidataId: '17' }, ['#/wikidataId']],
    ['a control character in a name', { kind: 'organization', name: 'a\u0007b' }, ['#/name']],
    ['a line break in a name', { kind: 'organization', name: 'a\nb' }, ['#/name']],
    ['a lone surrogate', { kind: 'organization', name: 'a\ud800b' }, ['#/name']],
    ['a number for a name', { kind: 'organization', name: 42 }, ['#/name']],
    ['a malformed affiliationId', { kind: 'person', name: 'x', affiliationId: 'smt_1' }, ['#/affiliationId']],
    ['an unknown field', { kind: 'organization', name: 'x', flag: 'red' }, ['#/flag']],
    ['a read-only id', { kind: 'organization', name: 'x', id: 'par_x' }, ['#/id']],
    ['read-only version and createdAt', { kind: 'organization', name: 'x', version: 3, createdAt: '2024' }, ['#/version', '#/createdAt']],
  ])('when the body has %s, then 422 names the field and nothing is written', async (_case, body, pointers) => {
    const res = await expectNoWrite(db, () => api.post('/v1/participants').send(body));
    expectProblem(res, 422, 'validation_error', pointers);
    expect(res.body.instance).toBe('/v1/participants');
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('when several fields are wrong, then every one is listed at once', async () => {
    const res = await api.post('/v1/participants').send({ kind: 'city', name: '', wikidataId: 'x', extra: 1 });
    expectProblem(res, 422, 'validation_error', ['#/kind', '#/name', '#/wikidataId', '#/extra']);
    expect(res.body.detail).toBe('4 fields are invalid');
    expect(res.body.errors).toContainEqual({ pointer: '#/extra', detail: 'is not a known field' });
  });

  it('when a read-only field is sent, then its error says it is read-only', async () => {
    const res = await api.post('/v1/participants').send({ kind: 'organization', name: 'x', updatedAt: '2024' });
    expect(res.body.errors).toEqual([{ pointer: '#/updatedAt', detail: 'is read-only' }]);
  });

  it('when the affiliation does not exist, then 422 and nothing is written', async () => {
    const res = await expectNoWrite(db, () =>
      api.post('/v1/participants').send({ kind: 'person', name: 'x', affiliationId: missingId('par') }),
    );
    expectProblem(res, 422, 'validation_error', ['#/affiliationId']);
  });

  it('when the affiliation is a person, then 422', async () => {
    const person = await createParticipant(api, { kind: 'person', name: 'Someone' });
    const res = await expectNoWrite(db, () =>
      api.post('/v1/participants').send({ kind: 'person', name: 'x', affiliationId: person.id }),
    );
    expectProblem(res, 422, 'validation_error', ['#/affiliationId']);
  });

  it('when the iso3 is taken, then 409 and nothing is written', async () => {
    const japan = await createCountry(api);
    const res = await expectNoWrite(db, () =>
      api.post('/v1/participants').send({ kind: 'country', name: 'Japan again', iso3: japan.iso3 }),
    );
    expectProblem(res, 409, 'conflict', ['#/iso3']);
  });

  it('when the wikidataId is taken, then 409', async () => {
    await createParticipant(api, { kind: 'organization', name: 'A', wikidataId: 'Q1065' });
    const res = await expectNoWrite(db, () =>
      api.post('/v1/participants').send({ kind: 'organization', name: 'B', wikidataId: 'Q1065' }),
    );
    expectProblem(res, 409, 'conflict', ['#/wikidataId']);
  });

  it('when the body is over the limit, then 413 and nothing is written', async () => {
    const res = await expectNoWrite(db, () =>
      api.post('/v1/participants').send({ kind: 'organization', name: 'x', description: 'y'.repeat(1_100_000) }),
    );
    expectProblem(res, 413, 'payload_too_large');
  });
});

describe('GET /v1/participants/:id', () => {
  it('when the id is unknown, then 404 problem', async () => {
    const res = await api.get(`/v1/participants/${missingId('par')}`);
    expectProblem(res, 404, 'not_found');
  });

  it('when the id is malformed, then 404 problem', async () => {
    expectProblem(await api.get('/v1/participants/nothing'), 404, 'not_found');
  });

  it('when If-None-Match holds the current ETag but the read expands related records, then 200 (they have versions of their own)', async () => {
    const gov = await createParticipant(api, { kind: 'organization', name: 'Government of Japan' });
    const pm = await createParticipant(api, { kind: 'person', name: 'Prime Minister', affiliationId: gov.id });
    const res = await api.get(`/v1/participants/${pm.id}?expand=affiliation`).set('If-None-Match', '"1"');
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body.affiliation).toEqual(gov);
    expect((await api.get(`/v1/participants/${pm.id}?fields=name`).set('If-None-Match', '"1"')).status).toBe(304);
  });
});

describe('PUT /v1/participants/:id', () => {
  it('when the body is valid, then it replaces every writable field and bumps the version', async () => {
    const p = await createParticipant(api, { kind: 'organization', name: 'OSCE', shortName: 'OSCE', description: 'old' });
    const res = await api.put(`/v1/participants/${p.id}`).send({ kind: 'organization', name: 'Organization for Security and Co-operation in Europe' });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toMatchObject({ id: p.id, name: 'Organization for Security and Co-operation in Europe', shortName: null, description: null, version: 2, createdAt: p.createdAt });
    expect(res.body.updatedAt >= (p.createdAt as string)).toBe(true);
    expect((await api.get(`/v1/participants/${p.id}`)).body).toEqual(res.body);
  });

  it('when If-Match is stale, then 412 and nothing is written', async () => {
    const p = await createCountry(api);
    await api.patch(`/v1/participants/${p.id}`).send({ name: 'Renamed' }).expect(200);
    const res = await expectNoWrite(db, () =>
      api.put(`/v1/participants/${p.id}`).set('If-Match', '"1"').send({ kind: 'country', name: 'Stale', iso3: p.iso3 }),
    );
    expectProblem(res, 412, 'precondition_failed');
  });

  it('when If-Match is current, then the write goes through', async () => {
    const p = await createCountry(api);
    const res = await api.put(`/v1/participants/${p.id}`).set('If-Match', '"1"').send({ kind: 'country', name: 'Fresh', iso3: p.iso3 });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(2);
  });

  it('when the id is unknown, then 404 and nothing is written', async () => {
    const res = await expectNoWrite(db, () => api.put(`/v1/participants/${missingId('par')}`).send({ kind: 'organization', name: 'x' }));
    expectProblem(res, 404, 'not_found');
  });

  it('when the body is invalid, then 422 and nothing is written', async () => {
    const p = await createCountry(api);
    const res = await expectNoWrite(db, () => api.put(`/v1/participants/${p.id}`).send({ kind: 'country', name: 'x' }));
    expectProblem(res, 422, 'validation_error', ['#/iso3']);
  });

  it('when a participant names itself as its affiliation, then 422', async () => {
    const org = await createParticipant(api, { kind: 'organization', name: 'Org' });
    const res = await expectNoWrite(db, () => api.put(`/v1/participants/${org.id}`).send({ kind: 'organization', name: 'Org', affiliationId: org.id }));
    expectProblem(res, 422, 'validation_error', ['#/affiliationId']);
  });

  it('when another country holds the iso3, then 409', async () => {
    const a = await createCountry(api);
    const b = await createCountry(api);
    const res = await expectNoWrite(db, () => api.put(`/v1/participants/${b.id}`).send({ kind: 'country', name: 'B', iso3: a.iso3 }));
    expectProblem(res, 409, 'conflict', ['#/iso3']);
  });

  it('when a country keeps its own iso3, then it is no conflict', async () => {
    const a = await createCountry(api);
    expect((await api.put(`/v1/participants/${a.id}`).send({ kind: 'country', name: 'Same', iso3: a.iso3 })).status).toBe(200);
  });
});

describe('PATCH /v1/participants/:id', () => {
  it('when a field is absent it is unchanged, and null clears an optional field', async () => {
    const p = await createParticipant(api, { kind: 'organization', name: 'ASEAN', shortName: 'ASEAN', description: 'bloc' });
    const res = await api.patch(`/v1/participants/${p.id}`).send({ shortName: null, description: 'Association of Southeast Asian Nations' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'ASEAN', shortName: null, description: 'Association of Southeast Asian Nations', version: 2 });
    expect(res.headers.etag).toBe('"2"');
  });

  it('when a PATCH or PUT changes nothing, then the version and ETag stay as they were', async () => {
    const p = await createParticipant(api, { kind: 'organization', name: 'ASEAN' });
    const empty = await api.patch(`/v1/participants/${p.id}`).send({});
    expect(empty.status).toBe(200);
    expect(empty.headers.etag).toBe('"1"');
    expect(empty.body).toEqual(p);
    const same = await api.put(`/v1/participants/${p.id}`).send({ kind: 'organization', name: 'ASEAN', shortName: null });
    expect(same.body).toEqual(p);
  });

  it('when sent as application/merge-patch+json, then it is accepted', async () => {
    const p = await createCountry(api);
    const res = await api
      .patch(`/v1/participants/${p.id}`)
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ shortName: 'JP' }));
    expect(res.status).toBe(200);
    expect(res.body.shortName).toBe('JP');
  });

  it('when null clears a required field, then 422 and nothing is written', async () => {
    const p = await createCountry(api);
    const res = await expectNoWrite(db, () => api.patch(`/v1/participants/${p.id}`).send({ name: null }));
    expectProblem(res, 422, 'validation_error', ['#/name']);
  });

  it('when the patch would leave a country without iso3, then 422', async () => {
    const p = await createCountry(api);
    const res = await expectNoWrite(db, () => api.patch(`/v1/participants/${p.id}`).send({ iso3: null }));
    expectProblem(res, 422, 'validation_error', ['#/iso3']);
  });

  it('when the patch names a read-only or unknown field, then 422', async () => {
    const p = await createCountry(api);
    const res = await expectNoWrite(db, () => api.patch(`/v1/participants/${p.id}`).send({ version: 9, colour: 'red' }));
    expectProblem(res, 422, 'validation_error', ['#/version', '#/colour']);
  });

  it('when the patch is an array, then 422', async () => {
    const p = await createCountry(api);
    const res = await expectNoWrite(db, () => api.patch(`/v1/participants/${p.id}`).send([{ name: 'x' }]));
    expectProblem(res, 422, 'validation_error');
  });

  it('when the patch smuggles __proto__, then it is rejected as an unknown field', async () => {
    const p = await createCountry(api);
    const res = await expectNoWrite(db, () =>
      api.patch(`/v1/participants/${p.id}`).set('Content-Type', 'application/json').send('{"__proto__": {"name": "x"}}'),
    );
    expectProblem(res, 422, 'validation_error', ['#/__proto__']);
  });

  it('when If-Match is stale, then 412', async () => {
    const p = await createCountry(api);
    const res = await expectNoWrite(db, () => api.patch(`/v1/participants/${p.id}`).set('If-Match', '"2"').send({ shortName: 'x' }));
    expectProblem(res, 412, 'precondition_failed');
  });

  it('when a participant that is an affiliation would become a person, then 422', async () => {
    const gov = await createParticipant(api, { kind: 'organization', name: 'Government of Japan' });
    await createParticipant(api, { kind: 'person', name: 'Minister', affiliationId: gov.id });
    const res = await expectNoWrite(db, () => api.patch(`/v1/participants/${gov.id}`).send({ kind: 'person' }));
    expectProblem(res, 422, 'validation_error', ['#/kind']);
  });

  it.each(['put', 'patch'] as const)('when a party to an agreement would become a person by %s, then 422 at #/kind and nothing is written', async (method) => {
    const org = await createParticipant(api, { kind: 'organization', name: 'Secretariat' });
    const agreement = (await api.post('/v1/agreements').send({ title: 'Statement', type: 'joint_statement' })).body;
    await api.post(`/v1/agreements/${agreement.id}/actions`).send({ participantId: org.id, action: 'signed' }).expect(201);
    const res = await expectNoWrite(db, () => api[method](`/v1/participants/${org.id}`).send({ kind: 'person', name: 'Secretariat' }));
    expectProblem(res, 422, 'validation_error', ['#/kind']);
    expect(res.body.errors[0].detail).toMatch(/1 agreement action/);
  });

  it('when a participant whose agreement actions were all removed becomes a person, then it may', async () => {
    const org = await createParticipant(api, { kind: 'organization', name: 'Secretariat' });
    const agreement = (await api.post('/v1/agreements').send({ title: 'Statement', type: 'joint_statement' })).body;
    const action = await api.post(`/v1/agreements/${agreement.id}/actions`).send({ participantId: org.id, action: 'signed' }).expect(201);
    await api.delete(`/v1/agreements/${agreement.id}/actions/${action.body.id}`).expect(204);
    const res = await api.patch(`/v1/participants/${org.id}`).send({ kind: 'person' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: org.id, kind: 'person' });
  });

  it('when a summit host would become a person, then 422', async () => {
    const org = await createParticipant(api, { kind: 'organization', name: 'Host org' });
    const summit = await createSummit(api);
    await api.put(`/v1/summits/${summit.id}/participants/${org.id}`).send({ role: 'host' }).expect(201);
    const res = await expectNoWrite(db, () => api.patch(`/v1/participants/${org.id}`).send({ kind: 'person' }));
    expectProblem(res, 422, 'validation_error', ['#/kind']);
  });
});

describe('DELETE /v1/participants/:id', () => {
  it('when nothing refers to it, then 204 and it is gone', async () => {
    const p = await createCountry(api);
    expect((await api.delete(`/v1/participants/${p.id}`)).status).toBe(204);
    expectProblem(await api.get(`/v1/participants/${p.id}`), 404, 'not_found');
  });

  it('when the id is unknown, then 404', async () => {
    expectProblem(await api.delete(`/v1/participants/${missingId('par')}`), 404, 'not_found');
  });

  it('when If-Match is stale, then 412 and it stays', async () => {
    const p = await createCountry(api);
    const res = await expectNoWrite(db, () => api.delete(`/v1/participants/${p.id}`).set('If-Match', '"5"'));
    expectProblem(res, 412, 'precondition_failed');
  });

  it('when summits, agreements, commitments and persons refer to it, then 409 counts them and nothing is deleted', async () => {
    const japan = await createCountry(api, { name: 'Japan' });
    const kz = await createCountry(api, { name: 'Kazakhstan' });
    await createParticipant(api, { kind: 'person', name: 'PM', affiliationId: japan.id });
    const summit = await createSummit(api);
    await api.put(`/v1/summits/${summit.id}/participants/${japan.id}`).send({ role: 'host' }).expect(201);
    await api.put(`/v1/summits/${summit.id}/participants/${kz.id}`).send({ role: 'member', onBehalfOfId: japan.id }).expect(201);
    const agreement = (await api.post('/v1/agreements').send({ title: 'Statement', type: 'joint_statement' })).body;
    await api.post(`/v1/agreements/${agreement.id}/actions`).send({ participantId: japan.id, action: 'endorsed' }).expect(201);
    await api
      .post('/v1/commitments')
      .send({ text: 'Net zero', scope: 'collective', summitId: summit.id, proposedById: japan.id, parties: [{ participantId: japan.id, role: 'pledger' }] })
      .expect(201);

    const res = await expectNoWrite(db, () => api.delete(`/v1/participants/${japan.id}`));
    expectProblem(res, 409, 'has_dependents');
    expect(res.body.dependents).toEqual({
      summitParticipations: 2,
      agreementActions: 1,
      commitmentParties: 1,
      proposedCommitments: 1,
      affiliatedParticipants: 1,
    });
    expect(res.body.detail).toContain('6 records');
  });
});

describe('GET /v1/participants', () => {
  it('when listed, then the envelope holds the newest first with the default limit of 50', async () => {
    const created = [];
    for (let i = 0; i < 52; i++) created.push(await createParticipant(api, { kind: 'organization', name: `Org ${i}` }));
    const res = await api.get('/v1/participants');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(50);
    expect(res.body.hasMore).toBe(true);
    expect(res.body.data[0]).toEqual(created.at(-1));
    expect(res.body.data.map((p: { id: string }) => p.id)).toEqual(created.slice(2).reverse().map((p) => p.id));
    expect(res.headers.link).toMatch(/^<\/v1\/participants\?cursor=[A-Za-z0-9_-]+>; rel="next"$/);
  });

  it('when walking every page while rows are inserted, then no row repeats and none that existed is skipped', async () => {
    const existing = new Set<string>();
    for (let i = 0; i < 23; i++) existing.add((await createParticipant(api, { kind: 'organization', name: `Org ${i}` })).id);
    const seen: string[] = [];
    let url: string | undefined = '/v1/participants?limit=5';
    let pages = 0;
    while (url) {
      const res = await api.get(url);
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((p: { id: string }) => p.id));
      await createParticipant(api, { kind: 'organization', name: `Inserted while paging ${pages}` });
      pages++;
      url = res.body.hasMore ? `/v1/participants?limit=5&cursor=${res.body.nextCursor}` : undefined;
      if (!res.body.hasMore) expect(res.body.nextCursor).toBeNull();
    }
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(existing);
  });

  it('when following the Link header, then the next page continues where the first stopped', async () => {
    for (let i = 0; i < 3; i++) await createParticipant(api, { kind: 'organization', name: `Org ${i}` });
    const first = await api.get('/v1/participants?limit=2');
    const link = first.headers.link ?? '';
    const next = new URL(link.slice(1, link.indexOf('>')), 'http://client.example');
    const second = await api.get(next.pathname + next.search);
    expect(second.body.data).toHaveLength(1);
    expect(second.body.hasMore).toBe(false);
    expect(second.headers.link).toBeUndefined();
  });

  it.each([
    ['sort=colour', 'sort'],
    ['sort=constructor', 'sort'],
  ])('when the query is %s, then 400 names the parameter', async (query, parameter) => {
    const res = await api.get(`/v1/participants?${query}`);
    expectProblem(res, 400, 'invalid_parameter', [parameter]);
  });
});
