// npm run seed: the Central Asia + Japan example, loaded through the service's own rules, once
// however often it runs.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SeedError, seedDatabase, type SeedSummary } from '../src/cli/seed.js';
import { CENTRAL_ASIA_JAPAN, type SeedData } from '../src/cli/seed-data.js';
import { createParticipant, makeApp, snapshot, type Api } from './helpers.js';

let api: Api;
let db: ReturnType<typeof makeApp>['db'];
beforeEach(() => {
  ({ api, db } = makeApp());
});

const CENTRAL_ASIA = [
  ['Kazakhstan', 'KAZ'],
  ['Kyrgyzstan', 'KGZ'],
  ['Tajikistan', 'TJK'],
  ['Turkmenistan', 'TKM'],
  ['Uzbekistan', 'UZB'],
];

const counts = (created: number, updated: number, unchanged: number) => ({ created, updated, unchanged });
const allCreated: SeedSummary = {
  participants: counts(8, 0, 0),
  summits: counts(2, 0, 0),
  participations: counts(13, 0, 0),
  agreements: counts(1, 0, 0),
  agreementActions: counts(6, 0, 0),
  commitments: counts(4, 0, 0),
};
const allUnchanged: SeedSummary = {
  participants: counts(0, 0, 8),
  summits: counts(0, 0, 2),
  participations: counts(0, 0, 13),
  agreements: counts(0, 0, 1),
  agreementActions: counts(0, 0, 6),
  commitments: counts(0, 0, 4),
};

type Row = { id: string } & Record<string, unknown>;
async function list(path: string): Promise<Row[]> {
  const res = await api.get(path);
  expect(res.status).toBe(200);
  expect(res.body.hasMore).toBe(false);
  return res.body.data as Row[];
}

async function one(path: string): Promise<Row> {
  const rows = await list(path);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('seedDatabase', () => {
  it('when it runs on a fresh database, then it creates exactly the records of the example', async () => {
    expect(seedDatabase(db)).toEqual(allCreated);

    const countries = await list('/v1/participants?kind=country&sort=name');
    expect(countries.map((c) => [c.name, c.iso3])).toEqual([['Japan', 'JPN'], ...CENTRAL_ASIA]);
    const japan = countries[0]!;
    const persons = await list('/v1/participants?kind=person&sort=name');
    expect(persons).toMatchObject([
      { name: 'Aida Aidarkulova', title: null, affiliationId: null, description: expect.stringContaining('A Kazakh expert on regional affairs.') },
      { name: 'Fumio Kishida', title: 'Prime Minister of Japan', affiliationId: japan.id },
    ]);
    expect(await list('/v1/participants')).toHaveLength(8);
    const [aidarkulova, kishida] = persons;

    // "the Central Asian energy ministers and Japan agreed last year": held, undated, six attended.
    const meeting = await one('/v1/summits?kind=ministerial_meeting');
    expect(meeting).toMatchObject({
      name: "Central Asia + Japan energy ministers' meeting",
      series: 'Central Asia + Japan',
      status: 'held',
      startDate: null,
      endDate: null,
      dateNote: expect.stringContaining('"last year"'),
      sourceUrls: [],
    });
    const ministers = await list(`/v1/summits/${meeting.id}/participants?sort=createdAt`);
    expect(ministers.map((p) => [p.participantId, p.role, p.level, p.attendance])).toEqual([
      [japan.id, 'member', null, 'attended'],
      ...countries.slice(1).map((c) => [c.id, 'member', 'minister', 'attended']),
    ]);

    // "an upcoming summit with the leaders of five Central Asian countries": planned, no date.
    const summit = await one('/v1/summits?kind=leaders_summit');
    expect(summit).toMatchObject({
      name: 'Central Asia + Japan Summit',
      series: 'Central Asia + Japan',
      status: 'planned',
      startDate: null,
      endDate: null,
      dateNote: expect.stringContaining('"upcoming"'),
    });
    const leaders = await list(`/v1/summits/${summit.id}/participants?sort=createdAt`);
    expect(leaders).toHaveLength(7);
    expect(leaders.every((p) => p.role === 'member' && p.level === 'head_of_state_or_government' && p.attendance === 'expected')).toBe(true);
    expect(leaders.find((p) => p.participantId === kishida!.id)).toMatchObject({ onBehalfOfId: japan.id });
    expect(await list('/v1/summits')).toHaveLength(2);

    const agreement = await one('/v1/agreements?targetYear=2050&targetType=net_zero');
    expect(agreement).toMatchObject({
      summitId: meeting.id,
      status: 'adopted',
      adoptedDate: null,
      dateNote: expect.stringContaining('"last year"'),
      themes: ['climate.net_zero', 'energy.transition'],
      targets: [{ targetType: 'net_zero', targetYear: 2050, yearQualifier: 'or_later', gasCoverage: 'co2', baselineYear: null }],
    });
    expect(await list('/v1/agreements')).toHaveLength(1);
    const parties = await list(`/v1/agreements/${agreement.id}/parties`);
    expect(parties.map((p) => [p.participantId, p.status, p.since]).sort()).toEqual(countries.map((c) => [c.id, 'endorsed', null]).sort());

    const commitments = await list('/v1/commitments?status=proposed&sort=createdAt');
    expect(commitments.map((c) => c.themes)).toEqual([
      ['energy.nuclear_power'],
      ['energy.carbon_free_technology'],
      ['security.cybersecurity'],
      ['security.counterterrorism'],
    ]);
    for (const commitment of commitments) {
      expect(commitment).toMatchObject({
        summitId: summit.id,
        agreementId: null,
        scope: 'individual',
        proposedById: aidarkulova!.id,
        madeDate: null,
        dueDate: null,
        parties: [{ participantId: japan.id, role: 'pledger' }, ...countries.slice(1).map((c) => ({ participantId: c.id, role: 'partner' }))],
      });
    }
    expect(await list('/v1/commitments')).toHaveLength(4);
  });

  it('when it runs a second time, then it writes nothing: no row, no version, no timestamp changes', () => {
    seedDatabase(db);
    const before = snapshot(db);
    expect(seedDatabase(db)).toEqual(allUnchanged);
    expect(snapshot(db)).toBe(before);
  });

  it('when the database already holds one of its records, then it uses that record instead of adding another', async () => {
    const japan = await createParticipant(api, { kind: 'country', name: 'Japan', iso3: 'JPN', shortName: 'Japan' });
    expect(seedDatabase(db)).toMatchObject({ participants: counts(7, 0, 1) });
    expect(await list('/v1/participants?iso3=JPN')).toMatchObject([{ id: japan.id, shortName: 'Japan', version: 1 }]);
    expect((await one('/v1/participants?name=Fumio%20Kishida')).affiliationId).toBe(japan.id);
  });

  it("when a seeded record was edited, then it restores the example's facts and keeps what the example does not set", async () => {
    seedDatabase(db);
    const japan = await one('/v1/participants?iso3=JPN');
    const edited = await api.patch(`/v1/participants/${japan.id}`).send({ name: 'Nippon', wikidataId: 'Q17' });
    expect(edited.body).toMatchObject({ name: 'Nippon', version: 2 });

    expect(seedDatabase(db)).toMatchObject({ participants: counts(0, 1, 7), summits: counts(0, 0, 2) });
    expect((await api.get(`/v1/participants/${japan.id}`)).body).toMatchObject({ name: 'Japan', wikidataId: 'Q17', version: 3 });
    expect(seedDatabase(db)).toEqual(allUnchanged);
  });

  it('when a record fails validation, then it throws naming the record and the field, and nothing is written', () => {
    const [first, ...rest] = CENTRAL_ASIA_JAPAN.commitments;
    const broken: SeedData = { ...CENTRAL_ASIA_JAPAN, commitments: [...rest, { ...first!, body: { ...first!.body, themes: ['Nuclear Power'] } }] };
    const before = snapshot(db);
    expect(() => seedDatabase(db, broken)).toThrow(SeedError);
    expect(() => seedDatabase(db, broken)).toThrow(/commitment 3 .*#\/themes\/0 must be a theme slug/);
    expect(snapshot(db)).toBe(before);
  });

  it('when a record breaks a rule of the service, then it throws naming the record, and nothing is written', () => {
    const person = CENTRAL_ASIA_JAPAN.participants.find((p) => p.key === 'kishida')!;
    // A person's affiliation must be a country or an organization.
    const broken: SeedData = { ...CENTRAL_ASIA_JAPAN, participants: [...CENTRAL_ASIA_JAPAN.participants, { ...person, key: 'aide', body: { kind: 'person', name: 'An aide' }, affiliation: 'kishida' }] };
    const before = snapshot(db);
    expect(() => seedDatabase(db, broken)).toThrow(/participant "aide": affiliationId: must be a country or an organization/);
    expect(snapshot(db)).toBe(before);
  });
});

describe('npm run seed', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function runSeed(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn('npm', ['run', '--silent', 'seed'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  }

  it('when run twice against a new DATABASE_PATH, then both runs exit 0 and the second creates nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summit-tracker-seed-'));
    dirs.push(dir);
    const path = join(dir, 'nested', 'seed.db');

    const first = await runSeed({ DATABASE_PATH: path });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/total +34 created, 0 updated, 0 unchanged/);
    const second = await runSeed({ DATABASE_PATH: path });
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toMatch(/total +0 created, 0 updated, 34 unchanged/);

    const file = new Database(path, { readonly: true });
    const rows = (table: string) => (file.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([rows('participants'), rows('summits'), rows('agreements'), rows('commitments')]).toEqual([8, 2, 1, 4]);
    file.close();
  }, 60_000);

  it('when the configuration is invalid, then it says which variable and exits 1', async () => {
    const { code, stderr } = await runSeed({ NODE_ENV: 'staging' });
    expect(code).toBe(1);
    expect(stderr).toContain('NODE_ENV');
  }, 30_000);
});
