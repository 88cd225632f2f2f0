// No lost updates: concurrent writers guarded by If-Match.
import { describe, expect, it } from 'vitest';
import { createSummit, makeApp } from './helpers.js';

describe('concurrent writes with If-Match', () => {
  it('when 50 PATCHes carry the same If-Match at once, then exactly one gets 200 and 49 get 412', async () => {
    const { api } = makeApp();
    const summit = await createSummit(api);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => api.patch(`/v1/summits/${summit.id}`).set('If-Match', '"1"').send({ location: `City ${i}` })),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 412)).toHaveLength(49);
    const winner = responses.find((r) => r.status === 200)!;
    expect((await api.get(`/v1/summits/${summit.id}`)).body).toMatchObject({ version: 2, location: winner.body.location });
  });

  it('when 20 clients each add 5 to a counter by read-modify-write with retries, then it ends at exactly 100', async () => {
    const { api } = makeApp();
    const summit = await createSummit(api, { description: '0' });
    const addOne = async () => {
      for (;;) {
        const read = await api.get(`/v1/summits/${summit.id}`);
        const res = await api
          .patch(`/v1/summits/${summit.id}`)
          .set('If-Match', read.headers.etag!)
          .send({ description: String(Number(read.body.description) + 1) });
        if (res.status === 200) return;
        expect(res.status).toBe(412);
      }
    };
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let i = 0; i < 5; i++) await addOne();
      }),
    );
    expect((await api.get(`/v1/summits/${summit.id}`)).body).toMatchObject({ description: '100', version: 101 });
  }, 60_000);
});
