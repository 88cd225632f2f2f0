// Every documented filter and sort is served by an index, and no write reads more than the rows it
// names: the queries are run through HTTP, captured, and their EXPLAIN QUERY PLAN checked for full
// scans and sorts in temporary trees. A missing index or a condition that a missing optional value
// empties turns a request into a walk of a whole table, which holds the only thread for as long.
import type { Statement } from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../src/app.js';
import { pruneEvents } from '../src/events/events.queries.js';
import { createCountry, makeApp, type Api } from './helpers.js';

let api: Api;
let db: ReturnType<typeof makeApp>['db'];
const ids: Record<string, string> = {};

/** Runs `action` and returns every statement it ran on the database (only the SELECTs unless `all`), with its parameters. */
async function capture(action: () => Promise<unknown>, all = false): Promise<{ sql: string; params: unknown[] }[]> {
  const seen: { sql: string; params: unknown[] }[] = [];
  const client = db.$client;
  // Statements are compiled once and reused (src/db/client.ts, src/db/records.ts), so they are
  // caught where they run: the methods every statement shares.
  const shared = Object.getPrototypeOf(client.prepare('SELECT 1')) as Record<string, (...params: unknown[]) => unknown>;
  const originals = (['all', 'get', 'iterate', 'run'] as const).map((method) => [method, shared[method]!] as const);
  for (const [method, original] of originals) {
    shared[method] = function (this: Statement, ...params: unknown[]) {
      // The API key check runs before every request; the queries under test are the ones after it.
      const wanted = /"api_keys"/.test(this.source)
        ? false
        : all
          ? !/^\s*(begin|commit|rollback|savepoint|release)/i.test(this.source)
          : /^\s*select/i.test(this.source);
      if (this.database === client && wanted) seen.push({ sql: this.source, params });
      return original.apply(this, params);
    };
  }
  try {
    await action();
  } finally {
    for (const [method, original] of originals) shared[method] = original;
  }
  return seen;
}

function plan(sql: string, params: unknown[]): string[] {
  return (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail);
}

beforeAll(async () => {
  ({ api, db } = makeApp());
  const japan = await createCountry(api, { name: 'Japan' });
  ids.japan = japan.id;
  const others = await Promise.all(Array.from({ length: 20 }, (_, i) => createCountry(api, { name: `Country ${i}` })));
  const summits = (
    await api.post('/v1/summits').send(
      Array.from({ length: 200 }, (_, i) => ({
        name: `Summit ${i}`,
        kind: i % 2 ? 'leaders_summit' : 'ministerial_meeting',
        startDate: `${2000 + (i % 25)}-0${1 + (i % 9)}`,
        series: i % 3 ? 'Central Asia + Japan' : null,
      })),
    )
  ).body.data as { id: string }[];
  ids.summit = summits[0]!.id;
  await api.put(`/v1/summits/${ids.summit}/participants/${japan.id}`).send({ role: 'host' }).expect(201);
  for (const [i, summit] of summits.slice(1, 60).entries()) {
    for (const country of others.slice(0, 1 + (i % 8))) {
      await api.put(`/v1/summits/${summit.id}/participants/${country.id}`).send({ role: 'member' }).expect(201);
    }
  }
  const agreements = (
    await api.post('/v1/agreements').send(
      Array.from({ length: 200 }, (_, i) => ({
        title: `Agreement ${i}`,
        type: 'joint_statement',
        summitId: summits[i % 50]!.id,
        adoptedDate: `${2000 + (i % 25)}`,
        themes: [i % 2 ? 'energy.nuclear_power' : 'climate.net_zero'],
        targets: [{ targetType: 'net_zero', targetYear: 2030 + (i % 40) }],
      })),
    )
  ).body.data as { id: string }[];
  ids.agreementWithCommitments = agreements[0]!.id;
  await api
    .post('/v1/commitments')
    .send(
      Array.from({ length: 400 }, (_, i) => ({
        text: `Commitment ${i} on energy`,
        scope: 'collective',
        // The agreement's own summit: agreement k was adopted at summit k % 50.
        summitId: summits[i % 50]!.id,
        agreementId: agreements[i % 100]!.id,
        dueDate: `${2020 + (i % 30)}`,
        themes: ['energy'],
        // Parties spread over the members, as in real data: the planner's statistics see a selective index.
        parties: [
          { participantId: i % 4 ? others[i % 20]!.id : japan.id, role: 'pledger' },
          ...(i % 2 ? [] : [{ participantId: others[(i + 1) % 20]!.id, role: 'partner' }]),
        ],
      })),
    )
    .expect(201);
  // Offices and groups: 100 persons, each with a term as head of government of one of the countries
  // and an earlier ministry; each country a member of some of 10 groups.
  const persons = (
    await api.post('/v1/participants').send(Array.from({ length: 100 }, (_, i) => ({ kind: 'person', name: `Person ${i}` }))).expect(201)
  ).body.data as { id: string }[];
  ids.person = persons[0]!.id;
  const groups = (
    await api.post('/v1/participants').send(Array.from({ length: 10 }, (_, i) => ({ kind: 'organization', name: `Group ${i}` }))).expect(201)
  ).body.data as { id: string }[];
  ids.group = groups[0]!.id;
  await api
    .post('/v1/positions')
    .send(
      persons.flatMap((person, i) => [
        { personId: person.id, office: 'Prime Minister', organizationId: (i % 5 ? others[i % 20]! : japan).id, startDate: `${1990 + (i % 30)}-10-01`, endDate: i % 7 ? `${1993 + (i % 30)}-09-30` : null },
        { personId: person.id, office: 'Minister for Foreign Affairs', organizationId: others[(i + 1) % 20]!.id, startDate: `${1985 + (i % 30)}` },
      ]),
    )
    .expect(201);
  await api
    .post('/v1/memberships')
    .send([japan, ...others].flatMap((country, i) => groups.slice(0, 1 + (i % 10)).map((group, j) => ({ memberId: country.id, groupId: group.id, startDate: `${1950 + i + j}` }))))
    .expect(201);
  db.$client.exec('ANALYZE');
}, 60_000);

const MAIN_TABLE = /^(participants|summits|agreements|commitments|summit_participations|agreement_actions|positions|memberships)$/;

/**
 * No full scan: a collection table may only be walked in the order of an index (which a LIMIT
 * stops early), and a related table inside a filter's subquery must be searched, never scanned.
 */
function expectIndexed(lines: string[]): void {
  let inSubquery = false;
  for (const line of lines) {
    if (/SUBQUERY/.test(line)) inSubquery = true;
    const scan = /^SCAN (\w+)/.exec(line);
    if (!scan) continue;
    const walkedInOrder = MAIN_TABLE.test(scan[1]!) && /USING (COVERING )?INDEX/.test(line) && !inSubquery;
    if (!walkedInOrder) throw new Error(`full scan: ${line}\n${lines.join('\n')}`);
  }
}

describe('query plans of the main list queries', () => {
  it.each([
    ['/v1/commitments', true],
    ['/v1/commitments?sort=dueDate', true],
    ['/v1/commitments?dueDate=gte.2030&dueDate=lt.2035', false],
    // A bound inside a month or year leaves the periods that hold it out of the range.
    ['/v1/commitments?dueDate=gte.2030-01-01&dueDate=lt.2035-06-15', false],
    ['/v1/commitments?dueDate=lte.2030-05', false],
    ['/v1/commitments?overdue=true&sort=dueDate', true],
    ['/v1/commitments?summitId={summit}', false],
    ['/v1/commitments?participantId={japan}&role=pledger', false],
    ['/v1/commitments?theme=energy', false],
    ['/v1/commitments?isPriority=true', false],
    ['/v1/commitments?isPriority=true&sort=dueDate', true],
    ['/v1/commitments?status=adopted&sort=-dueDate', true],
    ['/v1/summits?kind=leaders_summit&sort=-startDate', true],
    ['/v1/agreements?type=joint_statement&sort=adoptedDate', true],
    ['/v1/commitments?progressStatus=fulfilled', false],
    ['/v1/summits?sort=-startDate,name', false],
    ['/v1/summits?sort=name', true],
    ['/v1/summits?startDate=gte.2010', false],
    ['/v1/summits?startDate=gt.2010-05-31&startDate=lt.2012-02-10', false],
    ['/v1/agreements?adoptedDate=lte.2010-12-31', false],
    ['/v1/summits?kind=leaders_summit', false],
    ['/v1/summits?participantId={japan}', false],
    ['/v1/agreements?targetYear=2050&targetType=net_zero', false],
    ['/v1/agreements?theme=energy', false],
    ['/v1/agreements?sort=adoptedDate', true],
    ['/v1/agreements?summitId={summit}', false],
    ['/v1/participants?kind=country', false],
    ['/v1/participants?sort=name', true],
    ['/v1/participants?iso3=JPN', false],
    ['/v1/participants?memberOf={group}', false],
    ['/v1/participants?memberOf={group}&activeOn=2000&sort=name', false],
    ['/v1/positions', true],
    ['/v1/positions?sort=startDate', true],
    ['/v1/positions?personId={person}', false],
    ['/v1/participants/{person}/positions?sort=startDate', false],
    ['/v1/positions?organizationId={japan}', false],
    ['/v1/positions?office=Prime Minister&organizationId={japan}&heldOn=2000-05-19', false],
    ['/v1/positions?heldOn=2000-05-19', false],
    ['/v1/positions?office=Prime Minister', false],
    ['/v1/positions?office=like.*minister*', true],
    ['/v1/positions?startDate=gte.2010', false],
    ['/v1/positions?endDate=is.null', false],
    ['/v1/memberships', true],
    ['/v1/memberships?memberId={japan}', false],
    ['/v1/participants/{japan}/memberships?sort=startDate', false],
    ['/v1/memberships?groupId={group}&activeOn=2000', false],
    ['/v1/memberships?activeOn=2000', false],
    ['/v1/memberships?endDate=lt.2000', false],
    ['/v1/summits/{summit}/participants', true],
    ['/v1/participants?id=in.({japan})', false],
    ['/v1/commitments?sort=targetYear&summitId={summit}', false],
    ['/v1/commitments?targetYear=2050&targetType=net_zero', false],
    ['/v1/commitments?targetType=net_zero', false],
    ['/v1/commitments?summit.series=g7&summit.startDate=gte.2020', false],
    ['/v1/commitments?summit.kind=leaders_summit&summit.status=held', false],
    ['/v1/agreements?summit.series=G7', false],
    ['/v1/summits?series=central%20asia%20%2B%20japan', false],
    ['/v1/summits?series=in.(G7,central asia %2B japan)', false],
    ['/v1/agreements?participantId={japan}&partyStatus=party', false],
    ['/v1/agreements?participantId={japan}', false],
    ['/v1/summits/{summit}/participants?participant.kind=person', false],
  ])('when listing %s, then no collection table is scanned in full', async (template, sortedByIndex) => {
    const url = template.replace(/\{(\w+)\}/g, (_m, key: string) => ids[key]!);
    const queries = await capture(async () => expect((await api.get(url)).status).toBe(200));
    const main = queries[0]!;
    const lines = plan(main.sql, main.params);
    if (process.env.SHOW_PLANS) console.log(url, '\n  ' + lines.join('\n  '));
    expectIndexed(lines);
    if (sortedByIndex) expect(lines.join('\n')).not.toContain('USE TEMP B-TREE FOR ORDER BY');
  });

  it('when sorting by targetYear without a filter, then each commitment’s targets are searched by index and the commitments sorted once', async () => {
    // The earliest target year is computed from the targets, so no index holds it: sorting by it
    // reads the matching commitments once and sorts them (a filter narrows what is read, as above).
    const queries = await capture(async () => expect((await api.get('/v1/commitments?sort=-targetYear&limit=5')).status).toBe(200));
    const lines = plan(queries[0]!.sql, queries[0]!.params);
    expect(lines.filter((line) => /^SCAN/.test(line))).toEqual(['SCAN commitments']);
    expect(lines.filter((line) => /commitment_targets/.test(line)).every((line) => /^SEARCH commitment_targets USING INDEX/.test(line))).toBe(true);
  });

  it('when searching with q, then the FTS index answers the match', async () => {
    const queries = await capture(async () => expect((await api.get('/v1/commitments?q=energy&limit=5')).status).toBe(200));
    expect(plan(queries[0]!.sql, queries[0]!.params).join('\n')).toMatch(/VIRTUAL TABLE INDEX/);
  });
});

/** The tables of records and of their parts: none may be walked in full by a write. */
const RECORD_TABLE =
  /^SCAN (participants|summits|summit_participations|agreements|agreement_actions|agreement_themes|agreement_targets|commitments|commitment_parties|commitment_themes|commitment_targets|progress_updates|compliance_reports|assessments|positions|memberships)\b/;

type Send = (api: Api) => Promise<void>;
const expectStatus = async (request: PromiseLike<{ status: number; text: string }>, status: number) => {
  const res = await request;
  expect(res.status, res.text).toBe(status);
  return res as unknown as { status: number; body: Record<string, unknown> & { id: string; data: { id: string }[] } };
};

/**
 * Every write route, each sent in the shapes that take different reads: optional values present
 * and missing, bulk and CSV, and the refusals (clashes, dependents) whose checks read the most.
 */
const WRITES: Record<string, Send> = {
  'POST /v1/participants': async (api) => {
    for (const body of [
      { kind: 'organization', name: 'ASEAN' },
      { kind: 'person', name: 'Aida Aidarkulova' },
      { kind: 'organization', name: 'European Union', wikidataId: 'Q458' },
      { kind: 'person', name: 'Fumio Kishida', title: 'Prime Minister of Japan', affiliationId: ids.japan },
      { kind: 'country', name: 'Kazakhstan', iso3: 'KAZ', wikidataId: 'Q232' },
    ]) {
      await expectStatus(api.post('/v1/participants').send(body), 201);
    }
    await expectStatus(api.post('/v1/participants').send({ kind: 'organization', name: 'EU again', wikidataId: 'Q458' }), 409);
    await expectStatus(api.post('/v1/participants').send([{ kind: 'organization', name: 'Bulk 1' }, { kind: 'organization', name: 'Bulk 2' }]), 201);
    await expectStatus(api.post('/v1/participants').set('Content-Type', 'text/csv').send('kind,name\norganization,CSV org\n'), 201);
  },
  'PUT /v1/participants/{id}': async (api) => {
    const org = (await expectStatus(api.post('/v1/participants').send({ kind: 'organization', name: 'Secretariat' }), 201)).body;
    // A change of kind to person counts what would break: affiliates and hosted summits.
    await expectStatus(api.put(`/v1/participants/${org.id}`).send({ kind: 'person', name: 'Secretary' }), 200);
    await expectStatus(api.put(`/v1/participants/${ids.japan}`).send({ kind: 'country', name: 'Japan', iso3: 'JPN' }), 200);
  },
  'PATCH /v1/participants/{id}': async (api) => {
    await expectStatus(api.patch(`/v1/participants/${ids.japan}`).send({ shortName: 'JP' }), 200);
  },
  'DELETE /v1/participants/{id}': async (api) => {
    const org = (await expectStatus(api.post('/v1/participants').send({ kind: 'organization', name: 'Short-lived' }), 201)).body;
    await expectStatus(api.delete(`/v1/participants/${org.id}`), 204);
    await expectStatus(api.delete(`/v1/participants/${ids.japan}`), 409);
    // A person goes with their positions and memberships; a group with members stays.
    await expectStatus(api.delete(`/v1/participants/${ids.person}`), 204);
    await expectStatus(api.delete(`/v1/participants/${ids.group}`), 409);
  },
  'POST /v1/positions': async (api) => {
    const person = (await expectStatus(api.post('/v1/participants').send({ kind: 'person', name: 'Fumio Kishida' }), 201)).body;
    ids.kishida = person.id;
    const body = { personId: person.id, office: 'Prime Minister', organizationId: ids.japan, startDate: '2021-10-04', endDate: '2024-10-01' };
    ids.position = (await expectStatus(api.post('/v1/positions').send(body), 201)).body.id;
    await expectStatus(api.post('/v1/positions').send([{ ...body, office: 'Minister for Foreign Affairs', startDate: '2012-12-26', endDate: '2017-08-03' }]), 201);
    await expectStatus(api.post('/v1/positions').send({ ...body, personId: ids.japan }), 422);
  },
  'PUT /v1/positions/{id}': async (api) => {
    await expectStatus(api.put(`/v1/positions/${ids.position}`).send({ personId: ids.kishida, office: 'Prime Minister', organizationId: ids.japan, startDate: '2021-10-04' }), 200);
  },
  'PATCH /v1/positions/{id}': async (api) => {
    await expectStatus(api.patch(`/v1/positions/${ids.position}`).send({ endDate: '2024-10-01' }), 200);
  },
  'DELETE /v1/positions/{id}': async (api) => {
    await expectStatus(api.delete(`/v1/positions/${ids.position}`), 204);
  },
  'POST /v1/memberships': async (api) => {
    const body = { memberId: ids.japan, groupId: ids.group, startDate: '1975' };
    ids.membership = (await expectStatus(api.post('/v1/memberships').send(body), 201)).body.id;
    await expectStatus(api.post('/v1/memberships').send([{ ...body, memberId: ids.kishida }]), 201);
    await expectStatus(api.post('/v1/memberships').send({ ...body, groupId: ids.japan, memberId: ids.group }), 422);
  },
  'PUT /v1/memberships/{id}': async (api) => {
    await expectStatus(api.put(`/v1/memberships/${ids.membership}`).send({ memberId: ids.japan, groupId: ids.group, startDate: '1975-11-15' }), 200);
  },
  'PATCH /v1/memberships/{id}': async (api) => {
    await expectStatus(api.patch(`/v1/memberships/${ids.membership}`).send({ endDate: '2020' }), 200);
  },
  'DELETE /v1/memberships/{id}': async (api) => {
    await expectStatus(api.delete(`/v1/memberships/${ids.membership}`), 204);
  },
  'POST /v1/summits': async (api) => {
    await expectStatus(api.post('/v1/summits').send({ name: 'Energy ministers', kind: 'ministerial_meeting', startDate: '2024-12' }), 201);
    await expectStatus(api.post('/v1/summits').send([{ name: 'Bulk summit', kind: 'leaders_summit' }]), 201);
  },
  'PUT /v1/summits/{id}': async (api) => {
    await expectStatus(api.put(`/v1/summits/${ids.summit}`).send({ name: 'Summit 0 (renamed)', kind: 'ministerial_meeting', startDate: '2000-01', series: null }), 200);
  },
  'PATCH /v1/summits/{id}': async (api) => {
    await expectStatus(api.patch(`/v1/summits/${ids.summit}`).send({ location: 'Astana' }), 200);
  },
  'DELETE /v1/summits/{id}': async (api) => {
    const summit = (await expectStatus(api.post('/v1/summits').send({ name: 'Cancelled', kind: 'leaders_summit' }), 201)).body;
    await expectStatus(api.delete(`/v1/summits/${summit.id}`), 204);
    await expectStatus(api.delete(`/v1/summits/${ids.summit}`), 409);
  },
  'PUT /v1/summits/{id}/participants/{participantId}': async (api) => {
    const person = (await expectStatus(api.post('/v1/participants').send({ kind: 'person', name: 'Delegate' }), 201)).body;
    ids.delegate = person.id;
    await expectStatus(api.put(`/v1/summits/${ids.summit}/participants/${person.id}`).send({ role: 'member', onBehalfOfId: ids.japan }), 201);
    await expectStatus(api.put(`/v1/summits/${ids.summit}/participants/${person.id}`).send({ role: 'observer', onBehalfOfId: ids.japan }), 200);
  },
  'DELETE /v1/summits/{id}/participants/{participantId}': async (api) => {
    await expectStatus(api.delete(`/v1/summits/${ids.summit}/participants/${ids.japan}`), 409);
    await expectStatus(api.delete(`/v1/summits/${ids.summit}/participants/${ids.delegate}`), 204);
  },
  'POST /v1/agreements': async (api) => {
    const body = { title: 'Tokyo Declaration', type: 'joint_statement', summitId: ids.summit, themes: ['climate.net_zero'], targets: [{ targetType: 'net_zero', targetYear: 2050 }] };
    ids.agreement = (await expectStatus(api.post('/v1/agreements').send(body), 201)).body.id;
    await expectStatus(api.post('/v1/agreements').send([{ title: 'Bulk agreement', type: 'communique' }]), 201);
  },
  'PUT /v1/agreements/{id}': async (api) => {
    await expectStatus(api.put(`/v1/agreements/${ids.agreement}`).send({ title: 'Tokyo Declaration', type: 'joint_statement', themes: ['energy'] }), 200);
  },
  'PATCH /v1/agreements/{id}': async (api) => {
    await expectStatus(api.patch(`/v1/agreements/${ids.agreement}`).send({ summitId: ids.summit, targets: [{ targetType: 'net_zero', targetYear: 2060 }] }), 200);
  },
  'DELETE /v1/agreements/{id}': async (api) => {
    const agreement = (await expectStatus(api.post('/v1/agreements').send({ title: 'Withdrawn draft', type: 'communique', themes: ['energy'] }), 201)).body;
    await expectStatus(api.delete(`/v1/agreements/${agreement.id}`), 204);
    await expectStatus(api.delete(`/v1/agreements/${ids.agreementWithCommitments}`), 409);
  },
  'POST /v1/agreements/{id}/actions': async (api) => {
    ids.action = (await expectStatus(api.post(`/v1/agreements/${ids.agreement}/actions`).send({ participantId: ids.japan, action: 'signed', actionDate: '2025' }), 201)).body.id;
  },
  'DELETE /v1/agreements/{id}/actions/{actionId}': async (api) => {
    await expectStatus(api.delete(`/v1/agreements/${ids.agreement}/actions/${ids.action}`), 204);
  },
  'POST /v1/commitments': async (api) => {
    const body = {
      text: 'Cooperate on carbon-free technology',
      scope: 'collective',
      status: 'proposed',
      summitId: ids.summit,
      agreementId: ids.agreement,
      proposedById: ids.japan,
      themes: ['energy'],
      targets: [{ targetType: 'net_zero', targetYear: 2050 }],
      parties: [{ participantId: ids.japan, role: 'pledger' }],
    };
    ids.commitment = (await expectStatus(api.post('/v1/commitments').send(body), 201)).body.id;
    await expectStatus(api.post('/v1/commitments').send([{ text: 'Bulk', scope: 'individual', summitId: ids.summit, parties: [{ participantId: ids.japan, role: 'pledger' }] }]), 201);
  },
  'PUT /v1/commitments/{id}': async (api) => {
    await expectStatus(api.put(`/v1/commitments/${ids.commitment}`).send({ text: 'Cooperate on nuclear power', scope: 'collective', summitId: ids.summit, parties: [{ participantId: ids.japan, role: 'pledger' }] }), 200);
  },
  'PATCH /v1/commitments/{id}': async (api) => {
    await expectStatus(api.patch(`/v1/commitments/${ids.commitment}`).send({ agreementId: ids.agreement, themes: ['security.cybersecurity'] }), 200);
  },
  'POST /v1/commitments/{id}/progress': async (api) => {
    const source = 'https://www.example.org/evidence';
    await expectStatus(api.post(`/v1/commitments/${ids.commitment}/progress`).send({ asOfDate: '2025-03', status: 'in_progress', sourceUrl: source }), 201);
    await expectStatus(api.post(`/v1/commitments/${ids.commitment}/progress`).send({ asOfDate: '2025-06', status: 'stalled', participantId: ids.japan, sourceUrl: source }), 201);
  },
  'POST /v1/compliance-reports': async (api) => {
    ids.report = (await expectStatus(api.post('/v1/compliance-reports').send({ summitId: ids.summit, kind: 'interim', publishedDate: '2025-06' }), 201)).body.id;
  },
  'PUT /v1/compliance-reports/{id}': async (api) => {
    await expectStatus(api.put(`/v1/compliance-reports/${ids.report}`).send({ summitId: ids.summit, kind: 'final', publishedDate: '2025-12' }), 200);
  },
  'PATCH /v1/compliance-reports/{id}': async (api) => {
    await expectStatus(api.patch(`/v1/compliance-reports/${ids.report}`).send({ assessor: 'Research group' }), 200);
  },
  'PUT /v1/compliance-reports/{id}/assessments': async (api) => {
    const items = [{ commitmentId: ids.commitment, participantId: ids.japan, score: 1 }];
    await expectStatus(api.put(`/v1/compliance-reports/${ids.report}/assessments`).send(items), 200);
    await expectStatus(api.put(`/v1/compliance-reports/${ids.report}/assessments`).send([{ ...items[0], score: 0 }]), 200);
  },
  'DELETE /v1/compliance-reports/{id}': async (api) => {
    await expectStatus(api.delete(`/v1/compliance-reports/${ids.report}`), 204);
  },
  'DELETE /v1/commitments/{id}': async (api) => {
    await expectStatus(api.delete(`/v1/commitments/${ids.commitment}`), 409);
    ids.commitment = (await expectStatus(api.post('/v1/commitments').send({ text: 'Short-lived', scope: 'individual', summitId: ids.summit, parties: [{ participantId: ids.japan, role: 'pledger' }] }), 201)).body.id;
    await expectStatus(api.delete(`/v1/commitments/${ids.commitment}`), 204);
  },
};

describe('query plans of every write', () => {
  it('when the API is declared, then every write route has a case here', () => {
    const writes = apiRoutes(db)
      .filter((route) => route.method !== 'get')
      .map((route) => `${route.method.toUpperCase()} ${route.path}`);
    expect(Object.keys(WRITES).sort()).toEqual(writes.sort());
  });

  it.each(Object.entries(WRITES))('when %s runs, then none of its statements scans a table of records', async (label, send) => {
    const statements = await capture(() => send(api), true);
    const verb = { POST: 'insert', PUT: '(insert|update)', PATCH: 'update', DELETE: 'delete' }[label.split(' ')[0]!];
    expect(statements.some((statement) => new RegExp(`^\\s*${verb}`, 'i').test(statement.sql)), 'the write itself was captured').toBe(true);
    for (const statement of statements) {
      const lines = plan(statement.sql, statement.params);
      const scans = lines.filter((line) => RECORD_TABLE.test(line));
      expect(scans, `${statement.sql}\n${lines.join('\n')}`).toEqual([]);
    }
  });

  it('when a parent row is deleted, then the foreign-key check of each child table is served by an index', () => {
    // SQLite checks (and cascades) a foreign key by looking up the child column; without an index
    // leading with it, every delete of a parent scans the child table, out of sight of any plan.
    const tables = db.$client
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' AND sql NOT LIKE 'CREATE VIRTUAL%'")
      .pluck()
      .all() as string[];
    const unindexed: string[] = [];
    for (const table of tables) {
      const keys = db.$client.prepare(`PRAGMA foreign_key_list("${table}")`).all() as { id: number; from: string; table: string }[];
      const indexes = (db.$client.prepare(`PRAGMA index_list("${table}")`).all() as { name: string }[]).map(
        (index) => (db.$client.prepare(`PRAGMA index_info("${index.name}")`).all() as { seqno: number; name: string }[]).sort((a, b) => a.seqno - b.seqno).map((column) => column.name),
      );
      const byKey = new Map<number, string[]>();
      for (const key of keys) byKey.set(key.id, [...(byKey.get(key.id) ?? []), key.from]);
      for (const columns of byKey.values()) {
        const served = indexes.some((index) => columns.every((column, i) => index[i] === column) || columns.every((column) => index.slice(0, columns.length).includes(column)));
        if (!served) unindexed.push(`${table}(${columns.join(', ')})`);
      }
    }
    expect(tables.length).toBeGreaterThan(5);
    expect(unindexed).toEqual([]);
  });
});

describe('query plans of the cross-cutting reads', () => {
  it.each(['/v1/participants/{japan}/profile', '/v1/stats/compliance?groupBy=participant&participantId={japan}'])(
    'when %s is read, then none of its statements scans a table of records',
    async (template) => {
      const url = template.replace(/\{(\w+)\}/g, (_m, key: string) => ids[key]!);
      const statements = await capture(async () => expect((await api.get(url)).status).toBe(200));
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        const lines = plan(statement.sql, statement.params);
        expect(lines.filter((line) => RECORD_TABLE.test(line)), `${statement.sql}\n${lines.join('\n')}`).toEqual([]);
      }
    },
  );
});

describe('query plans of the change feed', () => {
  /** The events table is only ever walked along its primary key, from `after` on, never sorted. */
  function expectWalkedByKey(lines: string[]): void {
    const joined = lines.join('\n');
    expect(joined).toMatch(/(SCAN|SEARCH) events USING (COVERING )?INDEX sqlite_autoindex_events_1/);
    expect(joined).not.toMatch(/SCAN events$|SCAN events \(|USE TEMP B-TREE/m);
  }

  it.each(['/v1/events?limit=100', '/v1/events?after={event}', '/v1/events?types=summit.created,commitment.updated&limit=10'])(
    'when the feed is read as %s, then the events are walked in key order from the position',
    async (template) => {
      ids.event ??= (await api.get('/v1/events?limit=500').expect(200)).body.data[300].id;
      const url = template.replace(/\{(\w+)\}/g, (_m, key: string) => ids[key]!);
      const queries = await capture(async () => expect((await api.get(url)).status).toBe(200));
      const lines = plan(queries[0]!.sql, queries[0]!.params);
      if (process.env.SHOW_PLANS) console.log(url, '\n  ' + lines.join('\n  '));
      expectWalkedByKey(lines);
      if (template.includes('after')) expect(lines.join('\n')).toMatch(/SEARCH events USING (COVERING )?INDEX sqlite_autoindex_events_1 \(id>\?\)/);
    },
  );

  it('when old events are pruned, then the delete finds them by a range of the primary key', async () => {
    const statements = await capture(async () => db.transaction((tx) => pruneEvents(tx, new Date(Date.UTC(2000, 0, 1)), 10)), true);
    const prune = statements.find((statement) => /^\s*delete/i.test(statement.sql))!;
    const lines = plan(prune.sql, prune.params);
    if (process.env.SHOW_PLANS) console.log('prune', '\n  ' + lines.join('\n  '));
    expect(lines.join('\n')).toMatch(/SEARCH events USING (COVERING )?INDEX sqlite_autoindex_events_1 \(id<\?\)/);
    expect(lines.join('\n')).not.toMatch(/SCAN events$|USE TEMP B-TREE/m);
  });
});
