// What depends on "today" follows the app's clock, so tests never race midnight.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';

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
