// Requests that once answered 500. Each is a client's mistake: it gets a 4xx problem that says
// what is wrong, and nothing is written. The checks that apply to every route of a kind are in
// routes.test.ts; these are the cases as they were reported, and their neighbours.
import { describe, expect, it } from 'vitest';
import { createCountry, expectNoWrite, expectProblem, makeApp } from './helpers.js';

describe('a path with broken percent-encoding', () => {
  it.each(['/v1/participants/%', '/v1/participants/%zz'])('when GET %s, then 400 names the path', async (path) => {
    const { api } = makeApp();
    const res = await api.get(path);
    expectProblem(res, 400, 'bad_request');
    expect(res.body).toMatchObject({ detail: `The path ${path} is not valid percent-encoding`, instance: path });
  });

  it('when a method the path does not allow is sent to it, then 400 all the same, nothing written', async () => {
    const { api, db } = makeApp();
    expectProblem(await expectNoWrite(db, () => api.post('/v1/summits/%zz').send({})), 400, 'bad_request');
  });

  it('when a nested path breaks the parent id, then 400', async () => {
    const { api } = makeApp();
    const country = await createCountry(api);
    expectProblem(await api.put(`/v1/summits/%zz/participants/${country.id}`).send({ role: 'member' }), 400, 'bad_request');
  });

  it.each(['/nowhere/%', '/v1/nowhere/%zz', '/v1/summits/%zz/nothing'])('when an unknown path %s has one, then 404 as for any unknown path', async (path) => {
    const { api } = makeApp();
    expectProblem(await api.get(path), 404, 'not_found');
  });
});

describe('a CSV import whose header names a member of every object', () => {
  it.each(['__proto__', 'constructor'])('when POST /v1/participants gets a %s column, then 422 names it as unknown, like any other unknown column', async (column) => {
    const { api, db } = makeApp();
    const csv = `kind,name,${column}\r\norganization,Org,x\r\n`;
    const res = await expectNoWrite(db, () => api.post('/v1/participants').set('Content-Type', 'text/csv').send(csv));
    expectProblem(res, 422, 'validation_error', [`#/0/${column}`]);
    expect(res.body.errors).toEqual([{ pointer: `#/0/${column}`, detail: 'is not a known field' }]);
  });
});

describe('a JSON body with a member named like one of every object', () => {
  it.each(['__proto__', 'constructor'])('when POST /v1/participants gets {"%s": …}, then 422 names it as unknown', async (name) => {
    const { api, db } = makeApp();
    const body = `{"kind":"organization","name":"Org",${JSON.stringify(name)}:{"kind":"country"}}`;
    const res = await expectNoWrite(db, () => api.post('/v1/participants').set('Content-Type', 'application/json').send(body));
    expectProblem(res, 422, 'validation_error', [`#/${name}`]);
  });

  it.each(['__proto__', 'constructor'])('when PATCH sets %s to an object, then 422 names it and the stored resource is unchanged', async (name) => {
    const { api, db } = makeApp();
    const country = await createCountry(api);
    const body = `{${JSON.stringify(name)}:{"name":"Renamed"}}`;
    const res = await expectNoWrite(db, () => api.patch(`/v1/participants/${country.id}`).set('Content-Type', 'application/json').send(body));
    expectProblem(res, 422, 'validation_error', [`#/${name}`]);
  });
});
