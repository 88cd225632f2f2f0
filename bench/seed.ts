// Builds the benchmark database: 2,000 participants, 10,000 summits, 20,000 agreements and
// 200,000 commitments (each with one to three parties and a theme), through the same migrations,
// triggers and id generator as the service. Usage: tsx bench/seed.ts <path>
import { rmSync } from 'node:fs';
import { ID_PREFIX, stamp } from '../src/db/ids.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';

export const SIZES = { participants: 2_000, summits: 10_000, agreements: 20_000, commitments: 200_000 };
/** Every 20th commitment carries this theme: 10,000 rows, the CSV benchmark's export. */
export const CSV_THEME = 'energy.nuclear_power';

const WORDS = ['energy', 'security', 'transition', 'cooperation', 'investment', 'trade', 'water', 'transport', 'digital', 'health', 'climate', 'finance', 'education', 'agriculture', 'connectivity'];

export function seed(path: string): { participantIds: string[] } {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const db = openDatabase(path);
  migrateDatabase(db);
  const client = db.$client;
  client.pragma('synchronous = OFF'); // building a throwaway file; the service itself runs with FULL
  // A fixed-seed generator (mulberry32): the same data every run, without the correlations that
  // deriving every column from the row number would put between columns.
  let state = 42;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (n: number) => Math.floor(random() * n);
  const word = () => WORDS[pick(WORDS.length)]!;

  const participantIds: string[] = [];
  const summitIds: string[] = [];
  const agreementIds: string[] = [];
  client.transaction(() => {
    const insertParticipant = client.prepare(
      'INSERT INTO participants (id, kind, name, iso3, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (let i = 0; i < SIZES.participants; i++) {
      const { id, at } = stamp(ID_PREFIX.participant);
      const country = i < 200;
      const iso3 = country ? String.fromCharCode(65 + Math.floor(i / 26) % 26, 65 + (i % 26), 65 + Math.floor(i / 676)) : null;
      insertParticipant.run(id, country ? 'country' : 'organization', `Participant ${i}`, iso3, `${word()} ${word()}`, at, at);
      participantIds.push(id);
    }
    const insertSummit = client.prepare(
      'INSERT INTO summits (id, name, kind, status, series, start_date, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertParticipation = client.prepare(
      'INSERT INTO summit_participations (summit_id, participant_id, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
    for (let i = 0; i < SIZES.summits; i++) {
      const { id, at } = stamp(ID_PREFIX.summit);
      insertSummit.run(id, `Summit ${i} on ${word()}`, i % 3 ? 'ministerial_meeting' : 'leaders_summit', 'held', `Series ${i % 40}`, `${1990 + (i % 36)}-${String(1 + (i % 12)).padStart(2, '0')}`, `${word()} ${word()} ${word()}`, at, at);
      for (let k = 0; k < 3; k++) insertParticipation.run(id, participantIds[(i * 7 + k * 13) % 200]!, k === 0 ? 'host' : 'member', at, at);
      summitIds.push(id);
    }
    const insertAgreement = client.prepare(
      'INSERT INTO agreements (id, title, type, summit_id, adopted_date, summary, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertAgreementTarget = client.prepare(
      'INSERT INTO agreement_targets (agreement_id, position, target_type, target_year) VALUES (?, 0, ?, ?)',
    );
    for (let i = 0; i < SIZES.agreements; i++) {
      const { id, at } = stamp(ID_PREFIX.agreement);
      insertAgreement.run(id, `Agreement ${i} on ${word()}`, 'joint_statement', summitIds[i % SIZES.summits]!, `${1990 + (i % 36)}`, `${word()} ${word()} ${word()} ${word()}`, at, at);
      if (i % 4 === 0) insertAgreementTarget.run(id, i % 8 ? 'emissions_reduction' : 'net_zero', 2030 + (i % 30));
      agreementIds.push(id);
    }
    const insertCommitment = client.prepare(
      `INSERT INTO commitments (id, text, summary, summit_id, agreement_id, scope, status, made_date, due_date, is_priority, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertParty = client.prepare('INSERT INTO commitment_parties (commitment_id, participant_id, role, position) VALUES (?, ?, ?, ?)');
    const insertTheme = client.prepare('INSERT INTO commitment_themes (commitment_id, theme, position) VALUES (?, ?, 0)');
    for (let i = 0; i < SIZES.commitments; i++) {
      const { id, at } = stamp(ID_PREFIX.commitment);
      const text = `Commit to ${word()} ${word()} and ${word()} ${i % 20 === 0 ? 'through nuclear power' : `with ${word()}`} by ${2025 + (i % 25)}`;
      const due = pick(9) ? `${2025 + pick(25)}-${String(1 + pick(12)).padStart(2, '0')}` : null;
      insertCommitment.run(id, text, `${word()} ${word()}`, summitIds[pick(SIZES.summits)]!, agreementIds[pick(SIZES.agreements)]!, pick(5) ? 'collective' : 'individual', pick(17) ? 'adopted' : 'proposed', `${2000 + pick(25)}`, due, pick(10) === 0 ? 1 : 0, at, at);
      const first = pick(SIZES.participants);
      const parties = 1 + pick(3);
      for (let k = 0; k < parties; k++) insertParty.run(id, participantIds[(first + k * 37) % SIZES.participants]!, k === 0 ? 'pledger' : 'partner', k);
      insertTheme.run(id, i % 20 === 0 ? CSV_THEME : `energy.${word()}`);
    }
  })();
  client.exec('ANALYZE');
  client.pragma('wal_checkpoint(TRUNCATE)');
  client.close();
  return { participantIds };
}

if (process.argv[1]?.endsWith('seed.ts')) {
  const path = process.argv[2] ?? 'bench/bench.db';
  const started = Date.now();
  seed(path);
  console.log(`seeded ${path} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
