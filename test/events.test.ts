// The change feed (../API.md §2 "Cross-cutting reads", GET /v1/events): every write route writes
// exactly the documented events and a refused one none; replaying the feed gives the collections
// as the API lists them; paging, the types filter, validation, and retention.
//
// The write routes come from apiRoutes(): a route added later fails here until WRITES covers it.
// Each write is also checked against the database itself: the records it added, removed or gave
// a new version (a diff of every table with a version column) must be the events it wrote.
import { encodeTime } from 'ulid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiRoutes } from '../src/app.js';
import type { Db } from '../src/db/client.js';
import { EVENT_TYPES } from '../src/db/schema.js';
import { scheduleEventPruning, type EventPruning } from '../src/events/events.retention.js';
import { pruneEvents } from '../src/events/events.queries.js';
import type { Route } from '../src/http/route.js';
import {
  createAgreement,
  createCommitment,
  createCountry,
  createParticipant,
  createSummit,
  expectNoWrite,
  expectProblem,
  makeApp,
  missingId,
  type Api,
} from './helpers.js';

type Res = { status: number; text: string; body: any; headers: Record<string, string> };
interface ChangeEvent {
  id: string;
  type: string;
  occurredAt: string;
  resourceId: string;
  data: Record<string, unknown>;
}
type Expected = Pick<ChangeEvent, 'type' | 'resourceId' | 'data'>;

const SOURCE = 'https://www.example.org/evidence';
const label = (route: Route) => `${route.method.toUpperCase()} ${route.path}`;

/** Every event after `after` (from the start without one), following the pages. */
async function eventsAfter(api: Api, after?: string, query = ''): Promise<ChangeEvent[]> {
  const all: ChangeEvent[] = [];
  let position = after;
  for (;;) {
    const res = await api.get(`/v1/events?limit=500${position ? `&after=${position}` : ''}${query}`);
    expect(res.status, res.text).toBe(200);
    all.push(...res.body.data);
    if (!res.body.hasMore) return all;
    position = res.body.nextCursor;
  }
}

const lastEventId = async (api: Api) => (await eventsAfter(api)).at(-1)?.id;
const read = async (api: Api, path: string) => {
  const res = await api.get(path);
  expect(res.status, res.text).toBe(200);
  return res.body as Record<string, unknown> & { id: string; version: number };
};

/* ---------- the database's own account of a write ---------- */

/** The tables of records, by the resource their events name, and how a row is named. */
const RECORD_TABLES: Record<string, { resource: string; key: string }> = {
  participants: { resource: 'participant', key: 'id' },
  summits: { resource: 'summit', key: 'id' },
  summit_participations: { resource: 'participation', key: "summit_id || '/' || participant_id" },
  agreements: { resource: 'agreement', key: 'id' },
  agreement_actions: { resource: 'agreementAction', key: 'id' },
  commitments: { resource: 'commitment', key: 'id' },
  progress_updates: { resource: 'progressUpdate', key: 'id' },
  compliance_reports: { resource: 'complianceReport', key: 'id' },
  assessments: { resource: 'assessment', key: 'id' },
  positions: { resource: 'position', key: 'id' },
  memberships: { resource: 'membership', key: 'id' },
};

/** The version of every record, by `resource id`. */
function versions(db: Db): Map<string, number> {
  const all = new Map<string, number>();
  for (const [table, { resource, key }] of Object.entries(RECORD_TABLES)) {
    for (const row of db.$client.prepare(`SELECT ${key} AS id, version FROM ${table}`).all() as { id: string; version: number }[]) {
      all.set(`${resource} ${row.id}`, row.version);
    }
  }
  return all;
}

/** What changed between two `versions`, as `type resourceId`, sorted. */
function changes(before: Map<string, number>, after: Map<string, number>): string[] {
  const found: string[] = [];
  const named = (key: string, change: string) => {
    const [resource, id] = key.split(' ');
    return `${resource}.${change} ${id}`;
  };
  for (const [key, version] of after) {
    if (!before.has(key)) found.push(named(key, 'created'));
    else if (before.get(key) !== version) found.push(named(key, 'updated'));
  }
  for (const key of before.keys()) if (!after.has(key)) found.push(named(key, 'deleted'));
  return found.sort();
}

/* ---------- every write route ---------- */

interface Observed {
  res: Res;
  events: ChangeEvent[];
  changed: string[];
}

interface Context {
  api: Api;
  db: Db;
  /** Sends the write under test: the events after it and the records it changed are observed. */
  observe: (send: () => PromiseLike<Res>) => Promise<Res>;
}

/** A write that succeeds, returning the events it must produce, in order. */
type Write = [string, (ctx: Context) => Promise<Expected[]>];
/** A write that is refused (4xx), with the status expected. */
type Refusal = [string, number, (ctx: Context) => Promise<void>];

async function fixture(api: Api) {
  const summit = await createSummit(api);
  const japan = await createCountry(api, { name: 'Japan' });
  const kazakhstan = await createCountry(api, { name: 'Kazakhstan' });
  const commitment = await createCommitment(api, {
    summitId: summit.id,
    parties: [
      { participantId: japan.id, role: 'pledger' },
      { participantId: kazakhstan.id, role: 'partner' },
    ],
  });
  return { summit: summit.id, japan: japan.id, kazakhstan: kazakhstan.id, commitment: commitment.id };
}

async function report(api: Api, summitId: string) {
  const res = await api.post('/v1/compliance-reports').send({ summitId, kind: 'final' });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

async function action(api: Api, agreementId: string, participantId: string) {
  const res = await api.post(`/v1/agreements/${agreementId}/actions`).send({ participantId, action: 'signed', actionDate: '2025' });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string } & Record<string, unknown>;
}

async function participation(api: Api, summitId: string, participantId: string, body: Record<string, unknown> = { role: 'member' }) {
  const res = await api.put(`/v1/summits/${summitId}/participants/${participantId}`).send(body);
  expect(res.status, res.text).toBe(201);
  return res.body as Record<string, unknown>;
}

const created = (type: string, body: { id: string }) => ({ type, resourceId: body.id, data: body });

/** Kishida, Prime Minister of Japan from 2021-10-04 to 2024-10-01, and France in the G7. */
async function offices(api: Api) {
  const japan = await createCountry(api, { name: 'Japan' });
  const kishida = await createParticipant(api, { kind: 'person', name: 'Fumio Kishida' });
  const res = await api
    .post('/v1/positions')
    .send({ personId: kishida.id, office: 'Prime Minister', organizationId: japan.id, startDate: '2021-10-04', endDate: '2024-10-01', sourceUrls: [SOURCE] });
  expect(res.status, res.text).toBe(201);
  const france = await createCountry(api, { name: 'France' });
  const g7 = await createParticipant(api, { kind: 'organization', name: 'Group of Seven' });
  const membership = await api.post('/v1/memberships').send({ memberId: france.id, groupId: g7.id, startDate: '1975' });
  expect(membership.status, membership.text).toBe(201);
  return { japan: japan.id, kishida: kishida.id, position: res.body as { id: string }, france: france.id, g7: g7.id, membership: membership.body as { id: string } };
}

const WRITES: Record<string, { writes: Write[]; refusals: Refusal[] }> = {
  'POST /v1/participants': {
    writes: [
      ['one', async ({ api, observe }) => {
        const res = await observe(() => api.post('/v1/participants').send({ kind: 'organization', name: 'ASEAN' }));
        return [created('participant.created', res.body)];
      }],
      ['a bulk of three: one event each, in the order sent', async ({ api, observe }) => {
        const res = await observe(() => api.post('/v1/participants').send(['A', 'B', 'C'].map((name) => ({ kind: 'organization', name }))));
        return res.body.data.map((p: { id: string }) => created('participant.created', p));
      }],
      ['a CSV bulk', async ({ api, observe }) => {
        const res = await observe(() => api.post('/v1/participants').set('Content-Type', 'text/csv').send('kind,name\norganization,CSV one\norganization,CSV two\n'));
        return res.body.data.map((p: { id: string }) => created('participant.created', p));
      }],
    ],
    refusals: [
      ['an invalid body', 422, async ({ api, observe }) => void (await observe(() => api.post('/v1/participants').send({ kind: 'organization' })))],
      ['a bulk whose last item clashes after two were written', 409, async ({ api, observe }) => {
        const { iso3 } = await createCountry(api);
        await observe(() => api.post('/v1/participants').send([{ kind: 'organization', name: 'A' }, { kind: 'organization', name: 'B' }, { kind: 'country', name: 'C', iso3 }]));
      }],
    ],
  },
  'PUT /v1/participants/{id}': {
    writes: [
      ['a change', async ({ api, observe }) => {
        const { id } = await createCountry(api);
        const res = await observe(() => api.put(`/v1/participants/${id}`).send({ kind: 'organization', name: 'Now an organization' }));
        return [{ type: 'participant.updated', resourceId: id, data: res.body }];
      }],
      ['the same content: no event', async ({ api, observe }) => {
        const { id } = await createParticipant(api, { kind: 'organization', name: 'Same' });
        await observe(() => api.put(`/v1/participants/${id}`).send({ kind: 'organization', name: 'Same' }));
        return [];
      }],
    ],
    refusals: [
      ['a stale If-Match', 412, async ({ api, observe }) => {
        const { id } = await createCountry(api);
        await observe(() => api.put(`/v1/participants/${id}`).set('If-Match', '"7"').send({ kind: 'organization', name: 'X' }));
      }],
    ],
  },
  'PATCH /v1/participants/{id}': {
    writes: [
      ['a change', async ({ api, observe }) => {
        const { id } = await createCountry(api);
        const res = await observe(() => api.patch(`/v1/participants/${id}`).send({ shortName: 'JP' }));
        return [{ type: 'participant.updated', resourceId: id, data: res.body }];
      }],
      ['an empty patch: no event', async ({ api, observe }) => {
        const { id } = await createCountry(api);
        await observe(() => api.patch(`/v1/participants/${id}`).send({}));
        return [];
      }],
    ],
    refusals: [
      ['clearing a required member', 422, async ({ api, observe }) => {
        const { id } = await createCountry(api);
        await observe(() => api.patch(`/v1/participants/${id}`).send({ name: null }));
      }],
    ],
  },
  'DELETE /v1/participants/{id}': {
    writes: [
      ['a participant nothing refers to: its last state', async ({ api, observe }) => {
        const { id } = await createCountry(api);
        const before = await read(api, `/v1/participants/${id}`);
        await observe(() => api.delete(`/v1/participants/${id}`));
        return [{ type: 'participant.deleted', resourceId: id, data: before }];
      }],
      ['a person with a position and a membership: each, then the person', async ({ api, observe }) => {
        const { kishida, position } = await offices(api);
        const group = await createParticipant(api, { kind: 'organization', name: 'Liberal Democratic Party' });
        const membership = await api.post('/v1/memberships').send({ memberId: kishida, groupId: group.id, startDate: '1993' }).expect(201);
        const before = await read(api, `/v1/participants/${kishida}`);
        await observe(() => api.delete(`/v1/participants/${kishida}`));
        return [
          { type: 'position.deleted', resourceId: position.id, data: position },
          { type: 'membership.deleted', resourceId: membership.body.id, data: membership.body },
          { type: 'participant.deleted', resourceId: kishida, data: before },
        ];
      }],
    ],
    refusals: [
      ['a country whose office a position names', 409, async ({ api, observe }) => {
        const { japan } = await offices(api);
        await observe(() => api.delete(`/v1/participants/${japan}`));
      }],
      ['a group with members', 409, async ({ api, observe }) => {
        const { g7 } = await offices(api);
        await observe(() => api.delete(`/v1/participants/${g7}`));
      }],
      ['one that a commitment names', 409, async ({ api, observe }) => {
        const { japan } = await fixture(api);
        await observe(() => api.delete(`/v1/participants/${japan}`));
      }],
      ['an unknown one', 404, async ({ api, observe }) => void (await observe(() => api.delete(`/v1/participants/${missingId('par')}`)))],
    ],
  },

  'POST /v1/positions': {
    writes: [
      ['one', async ({ api, observe }) => {
        const { japan, kishida } = await offices(api);
        const res = await observe(() => api.post('/v1/positions').send({ personId: kishida, office: 'Minister for Foreign Affairs', organizationId: japan, startDate: '2012-12-26', endDate: '2017-08-03' }));
        return [created('position.created', res.body)];
      }],
      ['a bulk of two, in the order sent', async ({ api, observe }) => {
        const { japan, kishida } = await offices(api);
        const res = await observe(() =>
          api.post('/v1/positions').send([
            { personId: kishida, office: 'Minister of Defense', organizationId: japan, startDate: '2017-07-28', endDate: '2017-08-03' },
            { personId: kishida, office: 'Minister for Foreign Affairs', organizationId: japan, startDate: '2012-12-26', endDate: '2017-08-03' },
          ]),
        );
        return res.body.data.map((p: { id: string }) => created('position.created', p));
      }],
    ],
    refusals: [
      ['a country as the holder', 422, async ({ api, observe }) => {
        const { japan, france } = await offices(api);
        await observe(() => api.post('/v1/positions').send({ personId: france, office: 'President', organizationId: japan, startDate: '2017' }));
      }],
    ],
  },
  'PUT /v1/positions/{id}': {
    writes: [
      ['a change', async ({ api, observe }) => {
        const { japan, kishida, position } = await offices(api);
        const res = await observe(() => api.put(`/v1/positions/${position.id}`).send({ personId: kishida, office: 'Prime Minister', organizationId: japan, startDate: '2021-10-04' }));
        return [{ type: 'position.updated', resourceId: position.id, data: res.body }];
      }],
      ['the same content: no event', async ({ api, observe }) => {
        const { japan, kishida, position } = await offices(api);
        const body = { personId: kishida, office: 'Prime Minister', organizationId: japan, startDate: '2021-10-04', endDate: '2024-10-01', sourceUrls: [SOURCE] };
        await observe(() => api.put(`/v1/positions/${position.id}`).send(body));
        return [];
      }],
    ],
    refusals: [
      ['an end before the start', 422, async ({ api, observe }) => {
        const { japan, kishida, position } = await offices(api);
        await observe(() => api.put(`/v1/positions/${position.id}`).send({ personId: kishida, office: 'Prime Minister', organizationId: japan, startDate: '2021', endDate: '2020' }));
      }],
    ],
  },
  'PATCH /v1/positions/{id}': {
    writes: [
      ['a change', async ({ api, observe }) => {
        const { position } = await offices(api);
        const res = await observe(() => api.patch(`/v1/positions/${position.id}`).send({ note: 'Resigned as party president' }));
        return [{ type: 'position.updated', resourceId: position.id, data: res.body }];
      }],
    ],
    refusals: [
      ['a stale If-Match', 412, async ({ api, observe }) => {
        const { position } = await offices(api);
        await observe(() => api.patch(`/v1/positions/${position.id}`).set('If-Match', '"2"').send({ note: 'x' }));
      }],
    ],
  },
  'DELETE /v1/positions/{id}': {
    writes: [
      ['a position: its last state', async ({ api, observe }) => {
        const { position } = await offices(api);
        await observe(() => api.delete(`/v1/positions/${position.id}`));
        return [{ type: 'position.deleted', resourceId: position.id, data: position }];
      }],
    ],
    refusals: [
      ['an unknown one', 404, async ({ api, observe }) => void (await observe(() => api.delete(`/v1/positions/${missingId('pos')}`)))],
    ],
  },
  'POST /v1/memberships': {
    writes: [
      ['one', async ({ api, observe }) => {
        const { france } = await offices(api);
        const nato = await createParticipant(api, { kind: 'organization', name: 'NATO' });
        const res = await observe(() => api.post('/v1/memberships').send({ memberId: france, groupId: nato.id, startDate: '1949-04-04', sourceUrls: [SOURCE] }));
        return [created('membership.created', res.body)];
      }],
    ],
    refusals: [
      ['a country as the group', 422, async ({ api, observe }) => {
        const { france, japan } = await offices(api);
        await observe(() => api.post('/v1/memberships').send({ memberId: france, groupId: japan, startDate: '1958' }));
      }],
    ],
  },
  'PUT /v1/memberships/{id}': {
    writes: [
      ['a change', async ({ api, observe }) => {
        const { france, g7, membership } = await offices(api);
        const res = await observe(() => api.put(`/v1/memberships/${membership.id}`).send({ memberId: france, groupId: g7, startDate: '1975-11-15' }));
        return [{ type: 'membership.updated', resourceId: membership.id, data: res.body }];
      }],
    ],
    refusals: [
      ['the group as its own member', 422, async ({ api, observe }) => {
        const { g7, membership } = await offices(api);
        await observe(() => api.put(`/v1/memberships/${membership.id}`).send({ memberId: g7, groupId: g7, startDate: '1975' }));
      }],
    ],
  },
  'PATCH /v1/memberships/{id}': {
    writes: [
      ['a change', async ({ api, observe }) => {
        const { membership } = await offices(api);
        const res = await observe(() => api.patch(`/v1/memberships/${membership.id}`).send({ sourceUrls: [SOURCE] }));
        return [{ type: 'membership.updated', resourceId: membership.id, data: res.body }];
      }],
      ['an empty patch: no event', async ({ api, observe }) => {
        const { membership } = await offices(api);
        await observe(() => api.patch(`/v1/memberships/${membership.id}`).send({}));
        return [];
      }],
    ],
    refusals: [
      ['clearing the start', 422, async ({ api, observe }) => {
        const { membership } = await offices(api);
        await observe(() => api.patch(`/v1/memberships/${membership.id}`).send({ startDate: null }));
      }],
    ],
  },
  'DELETE /v1/memberships/{id}': {
    writes: [
      ['a membership: its last state', async ({ api, observe }) => {
        const { membership } = await offices(api);
        await observe(() => api.delete(`/v1/memberships/${membership.id}`));
        return [{ type: 'membership.deleted', resourceId: membership.id, data: membership }];
      }],
    ],
    refusals: [
      ['a stale If-Match', 412, async ({ api, observe }) => {
        const { membership } = await offices(api);
        await observe(() => api.delete(`/v1/memberships/${membership.id}`).set('If-Match', '"3"'));
      }],
    ],
  },

  'POST /v1/summits': {
    writes: [
      ['one', async ({ api, observe }) => {
        const res = await observe(() => api.post('/v1/summits').send({ name: 'Energy ministers', kind: 'ministerial_meeting', sourceUrls: [SOURCE] }));
        return [created('summit.created', res.body)];
      }],
      ['a bulk of two', async ({ api, observe }) => {
        const res = await observe(() => api.post('/v1/summits').send([{ name: 'One', kind: 'other' }, { name: 'Two', kind: 'other' }]));
        return res.body.data.map((s: { id: string }) => created('summit.created', s));
      }],
    ],
    refusals: [
      ['a bulk with one invalid item', 422, async ({ api, observe }) => void (await observe(() => api.post('/v1/summits').send([{ name: 'One', kind: 'other' }, { name: 'Two', kind: 'party' }])))],
    ],
  },
  'PUT /v1/summits/{id}': {
    writes: [
      ['a change', async ({ api, observe }) => {
        const { id } = await createSummit(api);
        const res = await observe(() => api.put(`/v1/summits/${id}`).send({ name: 'Renamed', kind: 'other', startDate: '2025' }));
        return [{ type: 'summit.updated', resourceId: id, data: res.body }];
      }],
      ['the same content: no event', async ({ api, observe }) => {
        const { id } = await createSummit(api, { name: 'Same', kind: 'other' });
        await observe(() => api.put(`/v1/summits/${id}`).send({ name: 'Same', kind: 'other' }));
        return [];
      }],
    ],
    refusals: [
      ['an end before the start', 422, async ({ api, observe }) => {
        const { id } = await createSummit(api);
        await observe(() => api.put(`/v1/summits/${id}`).send({ name: 'X', kind: 'other', startDate: '2025', endDate: '2024' }));
      }],
    ],
  },
  'PATCH /v1/summits/{id}': {
    writes: [
      ['a change', async ({ api, observe }) => {
        const { id } = await createSummit(api);
        const res = await observe(() => api.patch(`/v1/summits/${id}`).send({ location: 'Astana' }));
        return [{ type: 'summit.updated', resourceId: id, data: res.body }];
      }],
    ],
    refusals: [
      ['a stale If-Match', 412, async ({ api, observe }) => {
        const { id } = await createSummit(api);
        await observe(() => api.patch(`/v1/summits/${id}`).set('If-Match', '"2"').send({ location: 'Astana' }));
      }],
    ],
  },
  'DELETE /v1/summits/{id}': {
    writes: [
      ['a summit with participations: each participation, then the summit', async ({ api, observe }) => {
        const { id } = await createSummit(api);
        const [a, b] = [await createCountry(api), await createCountry(api)];
        const first = await participation(api, id, a.id, { role: 'host' });
        const second = await participation(api, id, b.id);
        const before = await read(api, `/v1/summits/${id}`);
        await observe(() => api.delete(`/v1/summits/${id}`));
        return [
          { type: 'participation.deleted', resourceId: `${id}/${a.id}`, data: first },
          { type: 'participation.deleted', resourceId: `${id}/${b.id}`, data: second },
          { type: 'summit.deleted', resourceId: id, data: before },
        ];
      }],
    ],
    refusals: [
      ['one a commitment refers to', 409, async ({ api, observe }) => {
        const { summit } = await fixture(api);
        await observe(() => api.delete(`/v1/summits/${summit}`));
      }],
    ],
  },
  'PUT /v1/summits/{id}/participants/{participantId}': {
    writes: [
      ['a new participation', async ({ api, observe }) => {
        const [summit, country] = [await createSummit(api), await createCountry(api)];
        const res = await observe(() => api.put(`/v1/summits/${summit.id}/participants/${country.id}`).send({ role: 'host' }));
        expect(res.status).toBe(201);
        return [{ type: 'participation.created', resourceId: `${summit.id}/${country.id}`, data: res.body }];
      }],
      ['a changed one', async ({ api, observe }) => {
        const [summit, country] = [await createSummit(api), await createCountry(api)];
        await participation(api, summit.id, country.id);
        const res = await observe(() => api.put(`/v1/summits/${summit.id}/participants/${country.id}`).send({ role: 'member', attendance: 'attended' }));
        return [{ type: 'participation.updated', resourceId: `${summit.id}/${country.id}`, data: res.body }];
      }],
      ['the same content: no event', async ({ api, observe }) => {
        const [summit, country] = [await createSummit(api), await createCountry(api)];
        await participation(api, summit.id, country.id);
        await observe(() => api.put(`/v1/summits/${summit.id}/participants/${country.id}`).send({ role: 'member' }));
        return [];
      }],
    ],
    refusals: [
      ['a person as host', 422, async ({ api, observe }) => {
        const [summit, person] = [await createSummit(api), await createParticipant(api, { kind: 'person', name: 'Delegate' })];
        await observe(() => api.put(`/v1/summits/${summit.id}/participants/${person.id}`).send({ role: 'host' }));
      }],
    ],
  },
  'DELETE /v1/summits/{id}/participants/{participantId}': {
    writes: [
      ['a participation: its last state', async ({ api, observe }) => {
        const [summit, country] = [await createSummit(api), await createCountry(api)];
        const before = await participation(api, summit.id, country.id);
        await observe(() => api.delete(`/v1/summits/${summit.id}/participants/${country.id}`));
        return [{ type: 'participation.deleted', resourceId: `${summit.id}/${country.id}`, data: before }];
      }],
    ],
    refusals: [
      ['one another delegation acts for', 409, async ({ api, observe }) => {
        const [summit, country] = [await createSummit(api), await createCountry(api)];
        const person = await createParticipant(api, { kind: 'person', name: 'Delegate' });
        await participation(api, summit.id, country.id);
        await participation(api, summit.id, person.id, { role: 'member', onBehalfOfId: country.id });
        await observe(() => api.delete(`/v1/summits/${summit.id}/participants/${country.id}`));
      }],
    ],
  },

  'POST /v1/agreements': {
    writes: [
      ['one, with its themes and targets', async ({ api, observe }) => {
        const body = { title: 'Tokyo Declaration', type: 'joint_statement', themes: ['climate.net_zero'], targets: [{ targetType: 'net_zero', targetYear: 2050 }] };
        const res = await observe(() => api.post('/v1/agreements').send(body));
        return [created('agreement.created', res.body)];
      }],
      ['a bulk of two', async ({ api, observe }) => {
        const res = await observe(() => api.post('/v1/agreements').send([{ title: 'One', type: 'communique' }, { title: 'Two', type: 'mou' }]));
        return res.body.data.map((a: { id: string }) => created('agreement.created', a));
      }],
    ],
    refusals: [
      ['an unknown summit', 422, async ({ api, observe }) => void (await observe(() => api.post('/v1/agreements').send({ title: 'X', type: 'mou', summitId: missingId('smt') })))],
    ],
  },
  'PUT /v1/agreements/{id}': {
    writes: [
      ['a change of its themes', async ({ api, observe }) => {
        const { id } = await createAgreement(api, { themes: ['energy'] });
        const res = await observe(() => api.put(`/v1/agreements/${id}`).send({ title: 'Joint statement', type: 'joint_statement', themes: ['energy.nuclear_power'] }));
        return [{ type: 'agreement.updated', resourceId: id, data: res.body }];
      }],
      ['the same content: no event', async ({ api, observe }) => {
        const { id } = await createAgreement(api, { themes: ['energy'] });
        await observe(() => api.put(`/v1/agreements/${id}`).send({ title: 'Joint statement', type: 'joint_statement', themes: ['energy'] }));
        return [];
      }],
    ],
    refusals: [
      ['a stale If-Match', 412, async ({ api, observe }) => {
        const { id } = await createAgreement(api);
        await observe(() => api.put(`/v1/agreements/${id}`).set('If-Match', '"3"').send({ title: 'X', type: 'mou' }));
      }],
    ],
  },
  'PATCH /v1/agreements/{id}': {
    writes: [
      ['a change of its targets', async ({ api, observe }) => {
        const { id } = await createAgreement(api);
        const res = await observe(() => api.patch(`/v1/agreements/${id}`).send({ targets: [{ targetType: 'net_zero', targetYear: 2060 }] }));
        return [{ type: 'agreement.updated', resourceId: id, data: res.body }];
      }],
    ],
    refusals: [
      ['dates out of order', 422, async ({ api, observe }) => {
        const { id } = await createAgreement(api, { adoptedDate: '2024' });
        await observe(() => api.patch(`/v1/agreements/${id}`).send({ entryIntoForceDate: '2020' }));
      }],
    ],
  },
  'DELETE /v1/agreements/{id}': {
    writes: [
      ['an agreement with actions: each action, then the agreement', async ({ api, observe }) => {
        const { id } = await createAgreement(api, { themes: ['energy'] });
        const [a, b] = [await createCountry(api), await createCountry(api)];
        const first = await action(api, id, a.id);
        const second = await action(api, id, b.id);
        const before = await read(api, `/v1/agreements/${id}`);
        await observe(() => api.delete(`/v1/agreements/${id}`));
        return [
          { type: 'agreementAction.deleted', resourceId: first.id, data: first },
          { type: 'agreementAction.deleted', resourceId: second.id, data: second },
          { type: 'agreement.deleted', resourceId: id, data: before },
        ];
      }],
    ],
    refusals: [
      ['one a commitment refers to', 409, async ({ api, observe }) => {
        const { id } = await createAgreement(api);
        const country = await createCountry(api);
        await createCommitment(api, { agreementId: id, parties: [{ participantId: country.id, role: 'pledger' }] });
        await observe(() => api.delete(`/v1/agreements/${id}`));
      }],
    ],
  },
  'POST /v1/agreements/{id}/actions': {
    writes: [
      ['an action', async ({ api, observe }) => {
        const [agreement, country] = [await createAgreement(api), await createCountry(api)];
        const res = await observe(() => api.post(`/v1/agreements/${agreement.id}/actions`).send({ participantId: country.id, action: 'ratified' }));
        return [created('agreementAction.created', res.body)];
      }],
    ],
    refusals: [
      ['a person as a party', 422, async ({ api, observe }) => {
        const [agreement, person] = [await createAgreement(api), await createParticipant(api, { kind: 'person', name: 'Minister' })];
        await observe(() => api.post(`/v1/agreements/${agreement.id}/actions`).send({ participantId: person.id, action: 'signed' }));
      }],
    ],
  },
  'DELETE /v1/agreements/{id}/actions/{actionId}': {
    writes: [
      ['an action: its last state', async ({ api, observe }) => {
        const [agreement, country] = [await createAgreement(api), await createCountry(api)];
        const before = await action(api, agreement.id, country.id);
        await observe(() => api.delete(`/v1/agreements/${agreement.id}/actions/${before.id}`));
        return [{ type: 'agreementAction.deleted', resourceId: before.id, data: before }];
      }],
    ],
    refusals: [
      ['an unknown action', 404, async ({ api, observe }) => {
        const agreement = await createAgreement(api);
        await observe(() => api.delete(`/v1/agreements/${agreement.id}/actions/${missingId('act')}`));
      }],
    ],
  },

  'POST /v1/commitments': {
    writes: [
      ['one, with its parties, themes and targets', async ({ api, observe }) => {
        const [summit, country] = [await createSummit(api), await createCountry(api)];
        const body = {
          text: 'Net zero by 2050',
          scope: 'individual',
          summitId: summit.id,
          parties: [{ participantId: country.id, role: 'pledger' }],
          themes: ['climate.net_zero'],
          targets: [{ targetType: 'net_zero', targetYear: 2050 }],
        };
        const res = await observe(() => api.post('/v1/commitments').send(body));
        return [created('commitment.created', res.body)];
      }],
      ['a bulk of two', async ({ api, observe }) => {
        const [summit, country] = [await createSummit(api), await createCountry(api)];
        const item = (text: string) => ({ text, scope: 'collective', summitId: summit.id, parties: [{ participantId: country.id, role: 'pledger' }] });
        const res = await observe(() => api.post('/v1/commitments').send([item('One'), item('Two')]));
        return res.body.data.map((c: { id: string }) => created('commitment.created', c));
      }],
    ],
    refusals: [
      ['an unknown party', 422, async ({ api, observe }) => {
        const summit = await createSummit(api);
        await observe(() => api.post('/v1/commitments').send({ text: 'X', scope: 'collective', summitId: summit.id, parties: [{ participantId: missingId('par'), role: 'pledger' }] }));
      }],
    ],
  },
  'PUT /v1/commitments/{id}': {
    writes: [
      ['a change of its parties', async ({ api, observe }) => {
        const f = await fixture(api);
        const body = { text: 'A commitment', scope: 'collective', summitId: f.summit, parties: [{ participantId: f.japan, role: 'pledger' }] };
        const res = await observe(() => api.put(`/v1/commitments/${f.commitment}`).send(body));
        return [{ type: 'commitment.updated', resourceId: f.commitment, data: res.body }];
      }],
      ['the same content: no event', async ({ api, observe }) => {
        const f = await fixture(api);
        const body = {
          text: 'A commitment',
          scope: 'collective',
          summitId: f.summit,
          parties: [
            { participantId: f.japan, role: 'pledger' },
            { participantId: f.kazakhstan, role: 'partner' },
          ],
        };
        await observe(() => api.put(`/v1/commitments/${f.commitment}`).send(body));
        return [];
      }],
    ],
    refusals: [
      ['dropping a party its progress updates name', 422, async ({ api, observe }) => {
        const f = await fixture(api);
        await api.post(`/v1/commitments/${f.commitment}/progress`).send({ asOfDate: '2025', status: 'in_progress', participantId: f.kazakhstan, sourceUrl: SOURCE }).expect(201);
        await observe(() => api.put(`/v1/commitments/${f.commitment}`).send({ text: 'X', scope: 'collective', summitId: f.summit, parties: [{ participantId: f.japan, role: 'pledger' }] }));
      }],
    ],
  },
  'PATCH /v1/commitments/{id}': {
    writes: [
      ['a change', async ({ api, observe }) => {
        const f = await fixture(api);
        const res = await observe(() => api.patch(`/v1/commitments/${f.commitment}`).send({ isPriority: true, themes: ['energy'] }));
        return [{ type: 'commitment.updated', resourceId: f.commitment, data: res.body }];
      }],
    ],
    refusals: [
      ['a stale If-Match', 412, async ({ api, observe }) => {
        const f = await fixture(api);
        await observe(() => api.patch(`/v1/commitments/${f.commitment}`).set('If-Match', '"5"').send({ isPriority: true }));
      }],
    ],
  },
  'DELETE /v1/commitments/{id}': {
    writes: [
      ['a commitment without evidence: its last state, parties included', async ({ api, observe }) => {
        const f = await fixture(api);
        const before = await read(api, `/v1/commitments/${f.commitment}`);
        await observe(() => api.delete(`/v1/commitments/${f.commitment}`));
        return [{ type: 'commitment.deleted', resourceId: f.commitment, data: before }];
      }],
    ],
    refusals: [
      ['one with progress updates', 409, async ({ api, observe }) => {
        const f = await fixture(api);
        await api.post(`/v1/commitments/${f.commitment}/progress`).send({ asOfDate: '2025', status: 'in_progress', sourceUrl: SOURCE }).expect(201);
        await observe(() => api.delete(`/v1/commitments/${f.commitment}`));
      }],
    ],
  },
  'POST /v1/commitments/{id}/progress': {
    writes: [
      ['an update that changes the progressStatus: the update, then the commitment', async ({ api, observe }) => {
        const f = await fixture(api);
        const res = await observe(() => api.post(`/v1/commitments/${f.commitment}/progress`).send({ asOfDate: '2025-06', status: 'in_progress', sourceUrl: SOURCE }));
        const commitment = await read(api, `/v1/commitments/${f.commitment}`);
        expect(commitment).toMatchObject({ progressStatus: 'in_progress', version: 2 });
        return [created('progressUpdate.created', res.body), { type: 'commitment.updated', resourceId: f.commitment, data: commitment }];
      }],
      ['an older update, which leaves the progressStatus as it was: the update alone', async ({ api, observe }) => {
        const f = await fixture(api);
        await api.post(`/v1/commitments/${f.commitment}/progress`).send({ asOfDate: '2025-06', status: 'in_progress', sourceUrl: SOURCE }).expect(201);
        const res = await observe(() => api.post(`/v1/commitments/${f.commitment}/progress`).send({ asOfDate: '2024', status: 'not_started', sourceUrl: SOURCE }));
        return [created('progressUpdate.created', res.body)];
      }],
    ],
    refusals: [
      ['an update about a non-party', 422, async ({ api, observe }) => {
        const f = await fixture(api);
        const other = await createCountry(api);
        await observe(() => api.post(`/v1/commitments/${f.commitment}/progress`).send({ asOfDate: '2025', status: 'stalled', participantId: other.id, sourceUrl: SOURCE }));
      }],
    ],
  },

  'POST /v1/compliance-reports': {
    writes: [
      ['a report', async ({ api, observe }) => {
        const summit = await createSummit(api);
        const res = await observe(() => api.post('/v1/compliance-reports').send({ summitId: summit.id, kind: 'interim', assessor: 'Research group' }));
        return [created('complianceReport.created', res.body)];
      }],
    ],
    refusals: [
      ['an unknown summit', 422, async ({ api, observe }) => void (await observe(() => api.post('/v1/compliance-reports').send({ summitId: missingId('smt'), kind: 'final' })))],
    ],
  },
  'PUT /v1/compliance-reports/{id}': {
    writes: [
      ['a change', async ({ api, observe }) => {
        const summit = await createSummit(api);
        const id = await report(api, summit.id);
        const res = await observe(() => api.put(`/v1/compliance-reports/${id}`).send({ summitId: summit.id, kind: 'final', publishedDate: '2025-12' }));
        return [{ type: 'complianceReport.updated', resourceId: id, data: res.body }];
      }],
      ['the same content: no event', async ({ api, observe }) => {
        const summit = await createSummit(api);
        const id = await report(api, summit.id);
        await observe(() => api.put(`/v1/compliance-reports/${id}`).send({ summitId: summit.id, kind: 'final' }));
        return [];
      }],
    ],
    refusals: [
      ['moving a report with assessments to another summit', 422, async ({ api, observe }) => {
        const f = await fixture(api);
        const id = await report(api, f.summit);
        await api.put(`/v1/compliance-reports/${id}/assessments`).send([{ commitmentId: f.commitment, participantId: f.japan, score: 1 }]).expect(200);
        const other = await createSummit(api);
        await observe(() => api.put(`/v1/compliance-reports/${id}`).send({ summitId: other.id, kind: 'final' }));
      }],
    ],
  },
  'PATCH /v1/compliance-reports/{id}': {
    writes: [
      ['a change', async ({ api, observe }) => {
        const summit = await createSummit(api);
        const id = await report(api, summit.id);
        const res = await observe(() => api.patch(`/v1/compliance-reports/${id}`).send({ isPreliminary: true }));
        return [{ type: 'complianceReport.updated', resourceId: id, data: res.body }];
      }],
    ],
    refusals: [
      ['a period that ends before it starts', 422, async ({ api, observe }) => {
        const summit = await createSummit(api);
        const id = await report(api, summit.id);
        await observe(() => api.patch(`/v1/compliance-reports/${id}`).send({ periodStart: '2025', periodEnd: '2024' }));
      }],
    ],
  },
  'DELETE /v1/compliance-reports/{id}': {
    writes: [
      ['a report with assessments: each assessment, then the report', async ({ api, observe }) => {
        const f = await fixture(api);
        const id = await report(api, f.summit);
        const items = [
          { commitmentId: f.commitment, participantId: f.japan, score: 1 },
          { commitmentId: f.commitment, participantId: f.kazakhstan, score: 0 },
        ];
        const scored = (await api.put(`/v1/compliance-reports/${id}/assessments`).send(items).expect(200)).body.data as { id: string }[];
        const before = await read(api, `/v1/compliance-reports/${id}`);
        await observe(() => api.delete(`/v1/compliance-reports/${id}`));
        return [...scored.map((a) => ({ type: 'assessment.deleted', resourceId: a.id, data: a })), { type: 'complianceReport.deleted', resourceId: id, data: before }];
      }],
    ],
    refusals: [
      ['a stale If-Match', 412, async ({ api, observe }) => {
        const summit = await createSummit(api);
        const id = await report(api, summit.id);
        await observe(() => api.delete(`/v1/compliance-reports/${id}`).set('If-Match', '"2"'));
      }],
    ],
  },
  'PUT /v1/compliance-reports/{id}/assessments': {
    writes: [
      ['a new, a changed and an unchanged assessment: an event for each of the first two, in the order sent', async ({ api, observe }) => {
        const f = await fixture(api);
        const third = await createCountry(api);
        await api
          .put(`/v1/commitments/${f.commitment}`)
          .send({
            text: 'A commitment',
            scope: 'collective',
            summitId: f.summit,
            parties: [
              { participantId: f.japan, role: 'pledger' },
              { participantId: f.kazakhstan, role: 'partner' },
              { participantId: third.id, role: 'partner' },
            ],
          })
          .expect(200);
        const id = await report(api, f.summit);
        const japan = { commitmentId: f.commitment, participantId: f.japan, score: 1 };
        const kazakhstan = { commitmentId: f.commitment, participantId: f.kazakhstan, score: 0 };
        await api.put(`/v1/compliance-reports/${id}/assessments`).send([japan, kazakhstan]).expect(200);
        const res = await observe(() =>
          api.put(`/v1/compliance-reports/${id}/assessments`).send([{ commitmentId: f.commitment, participantId: third.id, score: -1 }, { ...japan, score: 0 }, kazakhstan]),
        );
        const [added, changed, same] = res.body.data as { id: string; version: number }[];
        expect([added!.version, changed!.version, same!.version]).toEqual([1, 2, 1]);
        return [created('assessment.created', added!), { type: 'assessment.updated', resourceId: changed!.id, data: changed! }];
      }],
    ],
    refusals: [
      ['a batch with one item about a non-party', 422, async ({ api, observe }) => {
        const f = await fixture(api);
        const id = await report(api, f.summit);
        const other = await createCountry(api);
        await observe(() =>
          api.put(`/v1/compliance-reports/${id}/assessments`).send([
            { commitmentId: f.commitment, participantId: f.japan, score: 1 },
            { commitmentId: f.commitment, participantId: other.id, score: 1 },
          ]),
        );
      }],
    ],
  },
};

describe('the write routes under check', () => {
  const { db } = makeApp();
  const writes = apiRoutes(db).filter((route) => route.method !== 'get');

  it('when the API is declared, then every write route has writes and refusals here', () => {
    expect(Object.keys(WRITES).sort()).toEqual(writes.map(label).sort());
    for (const [route, { writes, refusals }] of Object.entries(WRITES)) {
      expect(writes.length, route).toBeGreaterThan(0);
      expect(refusals.length, route).toBeGreaterThan(0);
    }
  });

  it('when the database holds a table of records, then its changes are checked here', () => {
    const versioned = (db.$client.prepare("SELECT m.name FROM sqlite_schema m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'version'").pluck().all() as string[]).sort();
    expect(versioned).toEqual(Object.keys(RECORD_TABLES).sort());
  });

  it('when a resource changes, then its type is one of the documented ones', () => {
    const resources = new Set(Object.values(RECORD_TABLES).map((t) => t.resource));
    for (const type of EVENT_TYPES) expect(resources.has(type.split('.')[0]!), type).toBe(true);
  });
});

function contextOf(api: Api, db: Db, observed: Observed[]): Context {
  return {
    api,
    db,
    observe: async (send) => {
      const mark = await lastEventId(api);
      const before = versions(db);
      const res = await send();
      const events = await eventsAfter(api, mark);
      observed.push({ res, events, changed: changes(before, versions(db)) });
      return res;
    },
  };
}

describe.each(Object.entries(WRITES))('%s', (_route, { writes, refusals }) => {
  it.each(writes)('when it writes %s, then exactly the documented events, matching what changed in the database', async (_case, run) => {
    const { api, db } = makeApp();
    const observed: Observed[] = [];
    const expected = await run(contextOf(api, db, observed));
    expect(observed).toHaveLength(1);
    const { res, events, changed } = observed[0]!;
    expect(res.status, res.text).toBeLessThan(300);
    expect(events.map(({ type, resourceId, data }) => ({ type, resourceId, data }))).toEqual(expected);
    expect(events.map((e) => `${e.type} ${e.resourceId}`).sort()).toEqual(changed);
    for (const event of events) {
      expect(event).toEqual({ id: expect.stringMatching(/^evt_[0-9A-HJKMNP-TV-Z]{26}$/), type: event.type, occurredAt: expect.any(String), resourceId: event.resourceId, data: event.data });
      expect(new Date(event.occurredAt).toISOString()).toBe(event.occurredAt);
    }
    expect(events.map((e) => e.id)).toEqual(events.map((e) => e.id).sort());
  });

  it.each(refusals)('when it is refused (%s), then %i and no event', async (_case, status, run) => {
    const { api, db } = makeApp();
    const observed: Observed[] = [];
    const ctx = contextOf(api, db, observed);
    await run({
      ...ctx,
      observe: (send) => expectNoWrite(db, () => ctx.observe(send)),
    });
    expect(observed).toHaveLength(1);
    const { res, events, changed } = observed[0]!;
    expect(res.status, res.text).toBe(status);
    expect(events).toEqual([]);
    expect(changed).toEqual([]);
  });
});

/* ---------- replaying the feed ---------- */

/** Every list of records, by its path; a sub-collection is listed under each item of its parent's list. */
const COLLECTIONS: Record<string, { resource: string; parent?: string }> = {
  '/v1/participants': { resource: 'participant' },
  '/v1/summits': { resource: 'summit' },
  '/v1/summits/{id}/participants': { resource: 'participation', parent: '/v1/summits' },
  '/v1/agreements': { resource: 'agreement' },
  '/v1/agreements/{id}/actions': { resource: 'agreementAction', parent: '/v1/agreements' },
  '/v1/commitments': { resource: 'commitment' },
  '/v1/commitments/{id}/progress': { resource: 'progressUpdate', parent: '/v1/commitments' },
  '/v1/compliance-reports': { resource: 'complianceReport' },
  '/v1/compliance-reports/{id}/assessments': { resource: 'assessment', parent: '/v1/compliance-reports' },
  '/v1/positions': { resource: 'position' },
  '/v1/participants/{id}/positions': { resource: 'position', parent: '/v1/participants' },
  '/v1/memberships': { resource: 'membership' },
  '/v1/participants/{id}/memberships': { resource: 'membership', parent: '/v1/participants' },
};

const keyOf = (resource: string, item: Record<string, unknown>) =>
  `${resource} ${resource === 'participation' ? `${item.summitId}/${item.participantId}` : item.id}`;

/** Every item of one list, following its cursor. */
async function everyItem(api: Api, path: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const res = await api.get(`${path}${path.includes('?') ? '&' : '?'}limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, res.text).toBe(200);
    items.push(...res.body.data);
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** Every record the API lists, by `resource id`. */
async function dump(api: Api): Promise<Record<string, unknown>> {
  const all: Record<string, unknown> = {};
  for (const [path, { resource, parent }] of Object.entries(COLLECTIONS)) {
    const paths = parent ? (await everyItem(api, parent)).map((item) => path.replace('{id}', item.id as string)) : [path];
    for (const listed of paths) {
      for (const item of await everyItem(api, listed)) {
        // Derived from positions when read, not part of the participation: the feed carries the positions.
        if (resource === 'participation') delete item.officeHeld;
        all[keyOf(resource, item)] = item;
      }
    }
  }
  return all;
}

/** The feed from the start, applied to an empty copy: created and updated set, deleted remove. */
async function replay(api: Api): Promise<Record<string, unknown>> {
  const copy: Record<string, unknown> = {};
  for (const event of await eventsAfter(api)) {
    const key = `${event.type.split('.')[0]} ${event.resourceId}`;
    if (event.type.endsWith('.deleted')) {
      expect(copy, `${event.type} of something the copy does not hold`).toHaveProperty([key]);
      delete copy[key];
    } else {
      if (event.type.endsWith('.created')) expect(copy, `${event.type} of something the copy holds`).not.toHaveProperty([key]);
      copy[key] = event.data;
    }
  }
  return copy;
}

describe('replaying the feed', () => {
  it('when every list of records is declared, then each is dumped here', () => {
    const { db } = makeApp();
    // The standings of an agreement's parties are derived from its actions, which are dumped.
    const lists = apiRoutes(db).filter((route) => route.method === 'get' && route.responses[200]?.csv && !route.path.endsWith('/parties'));
    expect(Object.keys(COLLECTIONS).sort()).toEqual(lists.map((route) => route.path).sort());
  });

  it('when the feed is replayed from the start after mixed writes, then the copy equals every list of the API', async () => {
    const { api } = makeApp();
    const post = async (path: string, body: unknown, status = 201) => {
      const res = await api.post(path).send(body as object);
      expect(res.status, res.text).toBe(status);
      return res.body;
    };
    const put = async (path: string, body: unknown, status = 200) => {
      const res = await api.put(path).send(body as object);
      expect(res.status, res.text).toBe(status);
      return res.body;
    };
    const patch = async (path: string, body: unknown) => {
      const res = await api.patch(path).send(body as object);
      expect(res.status, res.text).toBe(200);
      return res.body;
    };
    const del = async (path: string, status = 204) => expect((await api.delete(path)).status).toBe(status);

    // Participants: a bulk, a CSV bulk, a person, updates, one deleted, a refused bulk.
    const countries = (await post('/v1/participants', ['JPN', 'KAZ', 'KGZ', 'TJK'].map((iso3) => ({ kind: 'country', name: iso3, iso3 })))).data as { id: string }[];
    const [jpn, kaz, kgz, tjk] = countries.map((c) => c.id) as [string, string, string, string];
    await api.post('/v1/participants').set('Content-Type', 'text/csv').send('kind,name\norganization,ASEAN\norganization,Short-lived\n').expect(201);
    const orgs = await everyItem(api, '/v1/participants?kind=organization');
    const shortLived = orgs.find((o) => o.name === 'Short-lived')!.id as string;
    const pm = await post('/v1/participants', { kind: 'person', name: 'Prime Minister', affiliationId: jpn });
    await patch(`/v1/participants/${jpn}`, { shortName: 'Japan' });
    await put(`/v1/participants/${kaz}`, { kind: 'country', name: 'Kazakhstan', iso3: 'KAZ' });
    await put(`/v1/participants/${kaz}`, { kind: 'country', name: 'Kazakhstan', iso3: 'KAZ' }); // unchanged
    await del(`/v1/participants/${shortLived}`);
    await post('/v1/participants', [{ kind: 'organization', name: 'Never' }, { kind: 'country', name: 'Clash', iso3: 'JPN' }], 409);

    // Positions and memberships: created, changed, one deleted, one person deleted with theirs.
    const asean = orgs.find((o) => o.name === 'ASEAN')!.id as string;
    const term = await post('/v1/positions', { personId: pm.id, office: 'Prime Minister', organizationId: jpn, startDate: '2021-10-04' });
    await patch(`/v1/positions/${term.id}`, { endDate: '2024-10-01' });
    const wrongTerm = await post('/v1/positions', { personId: pm.id, office: 'President', organizationId: jpn, startDate: '2021' });
    await del(`/v1/positions/${wrongTerm.id}`);
    const [joined] = (await post('/v1/memberships', [
      { memberId: kaz, groupId: asean, startDate: '1995' },
      { memberId: pm.id, groupId: asean, startDate: '2020' },
    ])).data as { id: string }[];
    await put(`/v1/memberships/${joined!.id}`, { memberId: kaz, groupId: asean, startDate: '1995', endDate: '2000', sourceUrls: [SOURCE] });
    const aide = await post('/v1/participants', { kind: 'person', name: 'Aide' });
    await post('/v1/positions', { personId: aide.id, office: 'Chief Cabinet Secretary', organizationId: jpn, startDate: '2021' });
    await post('/v1/memberships', { memberId: aide.id, groupId: asean, startDate: '2021' });
    await del(`/v1/participants/${aide.id}`);

    // Summits with participations; one summit deleted with its participations.
    const [summit, meeting, cancelled] = (await post('/v1/summits', [
      { name: 'Central Asia + Japan Summit', kind: 'leaders_summit' },
      { name: 'Energy ministers', kind: 'ministerial_meeting', startDate: '2025' },
      { name: 'Cancelled', kind: 'other' },
    ])).data as { id: string }[];
    for (const id of [jpn, kaz, kgz]) await put(`/v1/summits/${summit!.id}/participants/${id}`, { role: id === jpn ? 'host' : 'member' }, 201);
    await put(`/v1/summits/${summit!.id}/participants/${pm.id}`, { role: 'member', onBehalfOfId: jpn, isHeadOfDelegation: true }, 201);
    await put(`/v1/summits/${summit!.id}/participants/${kgz}`, { role: 'observer' });
    await put(`/v1/summits/${summit!.id}/participants/${kgz}`, { role: 'observer' }); // unchanged
    await del(`/v1/summits/${summit!.id}/participants/${kaz}`);
    for (const id of [jpn, tjk]) await put(`/v1/summits/${cancelled!.id}/participants/${id}`, { role: 'member' }, 201);
    await patch(`/v1/summits/${cancelled!.id}`, { status: 'cancelled' });
    await del(`/v1/summits/${cancelled!.id}`);
    await patch(`/v1/summits/${meeting!.id}`, { location: 'Astana' });

    // Agreements with actions; one deleted with its actions, one action removed.
    const agreement = await post('/v1/agreements', { title: 'Tokyo Declaration', type: 'joint_statement', summitId: summit!.id, themes: ['energy'], targets: [{ targetType: 'net_zero', targetYear: 2050 }] });
    const draft = await post('/v1/agreements', { title: 'Draft', type: 'mou' });
    for (const id of [jpn, kaz]) await post(`/v1/agreements/${agreement.id}/actions`, { participantId: id, action: 'endorsed' });
    const wrong = await post(`/v1/agreements/${agreement.id}/actions`, { participantId: kgz, action: 'signed' });
    await del(`/v1/agreements/${agreement.id}/actions/${wrong.id}`);
    for (const id of [kgz, tjk]) await post(`/v1/agreements/${draft.id}/actions`, { participantId: id, action: 'signed' });
    await del(`/v1/agreements/${draft.id}`);
    await patch(`/v1/agreements/${agreement.id}`, { targets: [{ targetType: 'net_zero', targetYear: 2060 }] });

    // Commitments in bulk, updated, one deleted; progress that changes a status and progress that does not.
    const party = (...ids: string[]) => ids.map((participantId) => ({ participantId, role: 'pledger' }));
    const [collective, individual, doomed] = (await post('/v1/commitments', [
      { text: 'Cooperate on energy', scope: 'collective', summitId: summit!.id, agreementId: agreement.id, parties: party(jpn, kaz, kgz) },
      { text: 'Net zero', scope: 'individual', agreementId: agreement.id, parties: party(jpn), themes: ['climate.net_zero'] },
      { text: 'Doomed', scope: 'individual', summitId: summit!.id, parties: party(kgz) },
    ])).data as { id: string }[];
    await patch(`/v1/commitments/${individual!.id}`, { isPriority: true });
    await del(`/v1/commitments/${doomed!.id}`);
    await post(`/v1/commitments/${collective!.id}/progress`, { asOfDate: '2025-06', status: 'in_progress', sourceUrl: SOURCE });
    await post(`/v1/commitments/${collective!.id}/progress`, { asOfDate: '2024', status: 'not_started', sourceUrl: SOURCE });
    await post(`/v1/commitments/${collective!.id}/progress`, { asOfDate: '2026', status: 'fulfilled', participantId: kaz, sourceUrl: SOURCE });

    // Compliance: upserts (new, changed, unchanged), a report deleted with its assessments.
    const final = await post('/v1/compliance-reports', { summitId: summit!.id, kind: 'final' });
    const interim = await post('/v1/compliance-reports', { summitId: summit!.id, kind: 'interim' });
    const score = (participantId: string, value: number | null) => ({ commitmentId: collective!.id, participantId, score: value });
    await put(`/v1/compliance-reports/${final.id}/assessments`, [score(jpn, 1), score(kaz, 0)]);
    await put(`/v1/compliance-reports/${final.id}/assessments`, [score(jpn, 1), score(kaz, 1), score(kgz, null)]);
    await put(`/v1/compliance-reports/${interim.id}/assessments`, [score(jpn, 0), score(kgz, -1)]);
    await put(`/v1/compliance-reports/${final.id}/assessments`, [score(jpn, 0), score(tjk, 1)], 422);
    await patch(`/v1/compliance-reports/${final.id}`, { publishedDate: '2026-11' });
    await del(`/v1/compliance-reports/${interim.id}`);

    const copy = await replay(api);
    const listed = await dump(api);
    expect(Object.keys(listed)).toHaveLength(26);
    expect(copy).toEqual(listed);
  });
});

/* ---------- reading the feed ---------- */

describe('GET /v1/events', () => {
  /** An app with `n` participants created one by one: `n` events. */
  async function withEvents(n: number) {
    const context = makeApp();
    for (let i = 0; i < n; i++) await createParticipant(context.api, { kind: 'organization', name: `Org ${i}` });
    return context;
  }

  it('when nothing was written, then an empty page', async () => {
    const { api } = makeApp();
    const res = await api.get('/v1/events');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], hasMore: false, nextCursor: null });
    expect(res.headers.link).toBeUndefined();
  });

  it('when paged with limit, following nextCursor as after, then every event comes once, in order, with Link to the next page', async () => {
    const { api } = await withEvents(7);
    const all = (await api.get('/v1/events?limit=500').expect(200)).body.data as ChangeEvent[];
    expect(all).toHaveLength(7);
    expect(all.map((e) => e.id)).toEqual(all.map((e) => e.id).sort());
    const seen: ChangeEvent[] = [];
    let url = '/v1/events?limit=3';
    for (;;) {
      const res = await api.get(url).expect(200);
      seen.push(...res.body.data);
      if (!res.body.hasMore) {
        expect(res.body.nextCursor).toBeNull();
        expect(res.headers.link).toBeUndefined();
        break;
      }
      const last = res.body.data.at(-1) as ChangeEvent;
      expect(res.body.nextCursor).toBe(last.id);
      expect(res.headers.link).toBe(`</v1/events?limit=3&after=${last.id}>; rel="next"`);
      url = /^<([^>]+)>/.exec(res.headers.link!)![1]!;
    }
    expect(seen).toEqual(all);
  });

  it('when events are written while a consumer follows after, then it sees each new one once, after the ones it had', async () => {
    const { api } = await withEvents(2);
    const first = (await api.get('/v1/events').expect(200)).body.data as ChangeEvent[];
    const position = first.at(-1)!.id;
    expect((await api.get(`/v1/events?after=${position}`).expect(200)).body).toEqual({ data: [], hasMore: false, nextCursor: null });
    const later = await createSummit(api);
    const next = (await api.get(`/v1/events?after=${position}`).expect(200)).body.data as ChangeEvent[];
    expect(next.map((e) => [e.type, e.resourceId])).toEqual([['summit.created', later.id]]);
  });

  it('when types is given, then only events of those types, in order', async () => {
    const { api } = makeApp();
    const summit = await createSummit(api);
    const country = await createCountry(api);
    await api.patch(`/v1/summits/${summit.id}`).send({ location: 'Astana' }).expect(200);
    await api.delete(`/v1/participants/${country.id}`).expect(204);
    const res = await api.get('/v1/events?types=participant.deleted,summit.updated').expect(200);
    expect(res.body.data.map((e: ChangeEvent) => [e.type, e.resourceId])).toEqual([
      ['summit.updated', summit.id],
      ['participant.deleted', country.id],
    ]);
  });

  it('when types filters and limit pages, then the pages hold only those types, each once', async () => {
    const { api } = makeApp();
    for (let i = 0; i < 3; i++) {
      await createSummit(api);
      await createCountry(api);
    }
    const page1 = (await api.get('/v1/events?types=summit.created&limit=2').expect(200)).body;
    expect(page1).toMatchObject({ hasMore: true });
    const page2 = (await api.get(`/v1/events?types=summit.created&limit=2&after=${page1.nextCursor}`).expect(200)).body;
    expect(page2).toMatchObject({ hasMore: false, nextCursor: null });
    const types = [...page1.data, ...page2.data].map((e: ChangeEvent) => e.type);
    expect(types).toEqual(['summit.created', 'summit.created', 'summit.created']);
  });

  it('when after names an event that no longer exists (pruned), then it still marks its place', async () => {
    const { api, db } = await withEvents(3);
    const all = (await api.get('/v1/events').expect(200)).body.data as ChangeEvent[];
    db.$client.prepare('DELETE FROM events WHERE id = ?').run(all[0]!.id);
    const res = await api.get(`/v1/events?after=${all[0]!.id}`).expect(200);
    expect(res.body.data).toEqual(all.slice(1));
    const long_ago = `evt_${encodeTime(Date.UTC(2000, 0, 1), 10)}${'0'.repeat(16)}`;
    expect((await api.get(`/v1/events?after=${long_ago}`).expect(200)).body.data).toEqual(all.slice(1));
  });

  it.each([
    ['not an id', 'after=yesterday', 'after'],
    ['the id of another kind of record', `after=${missingId('par')}`, 'after'],
    ['after given twice', 'after=evt_01HZY000000000000000000000&after=evt_01HZY000000000000000000001', 'after'],
    ['an unknown type', 'types=summit.created,summit.renamed', 'types'],
    ['a type no resource has', 'types=progressUpdate.deleted', 'types'],
    ['a limit of 0', 'limit=0', 'limit'],
    ['a limit over 500', 'limit=501', 'limit'],
    ['a cursor (the feed pages with after)', 'cursor=abc', 'cursor'],
  ])('when the query has %s, then 400 names the parameter', async (_case, query, parameter) => {
    const { api } = makeApp();
    const res = await api.get(`/v1/events?${query}`);
    expectProblem(res, 400, 'invalid_parameter', [parameter]);
  });

  it('when types names unknown types, then the 400 names them and lists the known ones', async () => {
    const { api } = makeApp();
    const res = await api.get('/v1/events?types=summit.created,summit.renamed,widget.created');
    expectProblem(res, 400, 'invalid_parameter', ['types']);
    expect(res.body.errors[0].detail).toContain('summit.renamed, widget.created');
    expect(res.body.errors[0].detail).toContain('participation.deleted');
  });
});

/* ---------- retention ---------- */

describe('retention', () => {
  const DAY = 24 * 60 * 60 * 1000;
  let pruning: EventPruning | undefined;
  afterEach(() => pruning?.stop());

  it('when events are older than the window, then they are pruned and the younger ones kept', async () => {
    const { api, db } = makeApp();
    await createSummit(api);
    const [old] = (await api.get('/v1/events').expect(200)).body.data as ChangeEvent[];
    await new Promise((resolve) => setTimeout(resolve, 5));
    await createCountry(api);
    const at = new Date(old!.occurredAt).getTime();
    // The cutoff at the old event's own millisecond keeps it; one millisecond later removes it.
    expect(db.transaction((tx) => pruneEvents(tx, new Date(at), 100))).toBe(0);
    expect(db.transaction((tx) => pruneEvents(tx, new Date(at + 1), 100))).toBe(1);
    const left = (await api.get('/v1/events').expect(200)).body.data as ChangeEvent[];
    expect(left.map((e) => e.type)).toEqual(['participant.created']);
    expect((await api.get(`/v1/events?after=${old!.id}`).expect(200)).body.data).toEqual(left);
  });

  it('when the schedule runs with the clock 29 days on, then nothing goes; on a run 31 days on, every event goes, a batch at a time', async () => {
    let now = new Date(Date.now() + 29 * DAY);
    const { api, db } = makeApp(undefined, { clock: () => now });
    await api.post('/v1/participants').send(Array.from({ length: 7 }, (_, i) => ({ kind: 'organization', name: `Org ${i}` }))).expect(201);
    const count = async () => ((await api.get('/v1/events?limit=500').expect(200)).body.data as unknown[]).length;

    pruning = scheduleEventPruning({ db, retentionDays: 30, clock: () => now, batchSize: 2, intervalMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await count()).toBe(7);

    now = new Date(Date.now() + 31 * DAY);
    await vi.waitFor(async () => expect(await count()).toBe(0), { timeout: 5000, interval: 20 });
  });

  it('when pruning starts, then it runs at once', async () => {
    const { api, db } = makeApp();
    await createSummit(api);
    pruning = scheduleEventPruning({ db, retentionDays: 30, clock: () => new Date(Date.now() + 31 * DAY), intervalMs: 60_000 });
    expect(((await api.get('/v1/events').expect(200)).body.data as unknown[]).length).toBe(0);
  });
});
