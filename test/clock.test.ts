// What depends on "today" follows the app's clock, so tests never race midnight.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { createCountry, createSummit, makeApp, type Api } from './helpers.js';

function appAt(iso: string) {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  return request(createApp({ db, config: { bodyLimit: '1mb', nodeEnv: 'test' }, clock: () => new Date(iso) }));
}

async function seed(api: ReturnType<typeof appAt>) {
  const summit = await api.post('/v1/summits').send({ name: 'Central Asia + Japan Summit', kind: 'leaders_summit' });
  const japan = await api.post('/v1/participants').send({ kind: 'country', name: 'Japan', iso3: 'JPN' });
  const due: Record<string, string> = {};
  for (const dueDate of ['2026', '2026-12', '2026-12-01', '2027-01-01']) {
    const res = await api.post('/v1/commitments').send({
      text: `Due ${dueDate}`,
      scope: 'individual',
      summitId: summit.body.id,
      dueDate,
      parties: [{ participantId: japan.body.id, role: 'pledger' }],
    });
    expect(res.status).toBe(201);
    due[res.body.id] = dueDate;
  }
  return due;
}

async function overdue(api: ReturnType<typeof appAt>, due: Record<string, string>) {
  const res = await api.get('/v1/commitments?overdue=true');
  expect(res.status).toBe(200);
  return res.body.data.map((c: { id: string }) => due[c.id]).sort();
}

describe('GET /v1/commitments?overdue=true with the app clock', () => {
  it('when the clock reads the last second of 2026, then only what was due on an earlier day or month is overdue', async () => {
    const api = appAt('2026-12-31T23:59:59.999Z');
    expect(await overdue(api, await seed(api))).toEqual(['2026-12-01']);
  });

  it('when the clock reads the first moment of 2027, then what was due in 2026, in December 2026 or on a day of it is overdue', async () => {
    const api = appAt('2027-01-01T00:00:00.000Z');
    expect(await overdue(api, await seed(api))).toEqual(['2026', '2026-12', '2026-12-01']);
  });
});

describe('GET /v1/commitments?overdue=true and dueDate=lt.<today>', () => {
  const DUE = ['2025', '2026', '2026-05', '2026-06', '2026-06-14', '2026-06-15', '2026-06-16', '2026-07', '2027', null];

  /** Two commitments per due date (and two without): one fulfilled, one in progress. */
  async function seedDue(now: string) {
    const { api, db } = makeApp(undefined, { clock: () => new Date(now) });
    const summit = await createSummit(api);
    const japan = await createCountry(api, { name: 'Japan' });
    const res = await api.post('/v1/commitments').send(
      DUE.flatMap((dueDate) =>
        ['fulfilled', 'in_progress'].map((status) => ({
          text: `Due ${dueDate ?? 'never'}, ${status}`,
          scope: 'individual',
          summitId: summit.id,
          dueDate,
          parties: [{ participantId: japan.id, role: 'pledger' }],
        })),
      ),
    );
    expect(res.status).toBe(201);
    const setStatus = db.$client.prepare('UPDATE commitments SET progress_status = ? WHERE id = ?');
    for (const [i, c] of (res.body.data as { id: string }[]).entries()) setStatus.run(i % 2 === 0 ? 'fulfilled' : 'in_progress', c.id);
    return api;
  }

  const found = async (api: Api, query: string) => {
    const res = await api.get(`/v1/commitments?${query}&limit=500`);
    expect(res.status).toBe(200);
    return (res.body.data as { id: string }[]).map((c) => c.id).sort();
  };

  it.each(['2026-06-15T00:00:00.000Z', '2026-06-30T23:59:59.999Z', '2026-07-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'])(
    'when the clock reads %s, then overdue=true finds exactly what dueDate=lt.<today> finds unfulfilled, and overdue=false the rest',
    async (now) => {
      const api = await seedDue(now);
      const today = now.slice(0, 10);
      const overdue = await found(api, 'overdue=true');
      expect(overdue.length).toBeGreaterThan(0);
      expect(overdue).toEqual(await found(api, `dueDate=lt.${today}&progressStatus=ne.fulfilled`));
      const all = await found(api, 'sort=createdAt');
      expect(await found(api, 'overdue=false')).toEqual(all.filter((id) => !overdue.includes(id)));
    },
  );

  it('when the clock reads 2026-06-15, then what is due on a day, a month or a year that is over is overdue, and nothing else', async () => {
    const api = await seedDue('2026-06-15T12:00:00.000Z');
    const res = await api.get('/v1/commitments?overdue=true&sort=dueDate');
    expect(res.body.data.map((c: { dueDate: string }) => c.dueDate)).toEqual(['2025', '2026-05', '2026-06-14']);
  });
});
