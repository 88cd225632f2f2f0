// `npm run seed`: loads the demo data (the Central Asia + Japan example) into the database at
// DATABASE_PATH, through the same body schemas and query functions as the API, in one transaction.
// Running it again changes nothing: each record is found by a natural key before it is created,
// and one that exists is merged with the data (as a merge patch would), which keeps its version
// when nothing differs.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { createAction, createAgreement, replaceAgreement } from '../agreements/agreements.queries.js';
import { actionBody, agreementBody } from '../agreements/agreements.schemas.js';
import { createCommitment, replaceCommitment } from '../commitments/commitments.queries.js';
import { commitmentBody } from '../commitments/commitments.schemas.js';
import { migrateDatabase, openDatabase, type Db, type Tx } from '../db/client.js';
import { writableOf } from '../db/records.js';
import { agreementActions, agreements, commitments, participants, summits } from '../db/schema.js';
import { ConflictError, NotFoundError, RuleViolation } from '../domain/errors.js';
import { mergePatch } from '../http/resource.js';
import { bodyErrors } from '../http/validation.js';
import { createParticipant, replaceParticipant } from '../participants/participants.queries.js';
import { participantBody } from '../participants/participants.schemas.js';
import { createSummit, getParticipation, putParticipation, replaceSummit } from '../summits/summits.queries.js';
import { participationBody, summitBody } from '../summits/summits.schemas.js';
import { CENTRAL_ASIA_JAPAN, type SeedData } from './seed-data.js';
import { configuredDatabasePath, invokedAsCommand } from './command.js';

type Outcome = 'created' | 'updated' | 'unchanged';
type Counts = Record<Outcome, number>;
const RECORD_KINDS = ['participants', 'summits', 'participations', 'agreements', 'agreementActions', 'commitments'] as const;
export type SeedSummary = Record<(typeof RECORD_KINDS)[number], Counts>;

/** The data cannot be loaded: a record fails validation or a rule. Nothing was written. */
export class SeedError extends Error {}

const noPrecondition = () => {};

/** Runs one record's step, naming the record in whatever it fails with. */
function step<T>(label: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof z.ZodError) {
      const problems = bodyErrors(err).map((e) => `${e.pointer} ${e.detail}`);
      throw new SeedError(`${label}: ${problems.join('; ')}`);
    }
    if (err instanceof RuleViolation || err instanceof ConflictError || err instanceof NotFoundError) {
      throw new SeedError(`${label}: ${err.message}`);
    }
    throw err;
  }
}

/**
 * Creates the record from `seed` when `existingId` is undefined; otherwise merges `seed` into the
 * stored record (members the data leaves out stay as they are) and replaces it, which writes
 * nothing when the result equals what is stored.
 */
function ensure<T extends { id: string; version: number }, I>(
  existingId: string | undefined,
  seed: object,
  schema: z.ZodType<I>,
  create: (input: I) => T,
  replace: (id: string, prepare: (current: T) => I) => T,
): { record: T; outcome: Outcome } {
  if (existingId === undefined) return { record: create(schema.parse(seed)), outcome: 'created' };
  let before = 0;
  const record = replace(existingId, (current) => {
    before = current.version;
    return schema.parse(mergePatch(writableOf(current), seed));
  });
  return { record, outcome: record.version === before ? 'unchanged' : 'updated' };
}

/** What loading shares: the transaction, the ids of the records loaded so far by their key, and the counts. */
interface Load {
  tx: Tx;
  ids: Record<'participants' | 'summits' | 'agreements', Map<string, string>>;
  summary: SeedSummary;
}

function idOf(load: Load, kind: keyof Load['ids'], key: string): string;
function idOf(load: Load, kind: keyof Load['ids'], key: string | undefined): string | undefined;
function idOf(load: Load, kind: keyof Load['ids'], key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  const id = load.ids[kind].get(key);
  if (id === undefined) throw new SeedError(`the data refers to ${kind} "${key}", which it does not define before`);
  return id;
}

function loadParticipants(load: Load, data: SeedData['participants']): void {
  const { tx, ids, summary } = load;
  for (const p of data) {
    step(`participant "${p.key}"`, () => {
      const seed = { ...p.body, ...(p.affiliation ? { affiliationId: idOf(load, 'participants', p.affiliation) } : {}) };
      // A country is known by its ISO code; anyone else by kind and name (the oldest, if several).
      const existing = tx
        .select({ id: participants.id })
        .from(participants)
        .where(p.body.iso3 ? eq(participants.iso3, p.body.iso3) : and(eq(participants.kind, p.body.kind), eq(participants.name, p.body.name)))
        .orderBy(asc(participants.createdAt), asc(participants.id))
        .get();
      const { record, outcome } = ensure(
        existing?.id,
        seed,
        participantBody,
        (input) => createParticipant(tx, input),
        (id, prepare) => replaceParticipant(tx, id, prepare, noPrecondition),
      );
      ids.participants.set(p.key, record.id);
      summary.participants[outcome] += 1;
    });
  }
}

function loadSummits(load: Load, data: SeedData['summits']): void {
  const { tx, ids, summary } = load;
  for (const s of data) {
    const summitId = step(`summit "${s.key}"`, () => {
      const existing = tx
        .select({ id: summits.id })
        .from(summits)
        .where(and(eq(summits.name, s.body.name), s.body.series ? eq(summits.series, s.body.series) : isNull(summits.series)))
        .orderBy(asc(summits.createdAt), asc(summits.id))
        .get();
      const { record, outcome } = ensure(
        existing?.id,
        s.body,
        summitBody,
        (input) => createSummit(tx, input),
        (id, prepare) => replaceSummit(tx, id, prepare, noPrecondition),
      );
      ids.summits.set(s.key, record.id);
      summary.summits[outcome] += 1;
      return record.id;
    });
    for (const part of s.participations) {
      step(`participation of "${part.participant}" in summit "${s.key}"`, () => {
        const participantId = idOf(load, 'participants', part.participant);
        const seed = { ...part.body, ...(part.onBehalfOf ? { onBehalfOfId: idOf(load, 'participants', part.onBehalfOf) } : {}) };
        // A participation is known by its summit and participant, which its path names, not its body.
        const current = getParticipation(tx, summitId, participantId);
        const { summitId: _s, participantId: _p, ...stored } = current ? writableOf(current) : {};
        const input = participationBody.parse(current ? mergePatch(stored, seed) : seed);
        const { participation, created } = putParticipation(tx, summitId, participantId, input, noPrecondition);
        summary.participations[created ? 'created' : participation.version === current?.version ? 'unchanged' : 'updated'] += 1;
      });
    }
  }
}

function loadAgreements(load: Load, data: SeedData['agreements']): void {
  const { tx, ids, summary } = load;
  for (const a of data) {
    const agreementId = step(`agreement "${a.key}"`, () => {
      const summitId = idOf(load, 'summits', a.summit);
      const existing = tx
        .select({ id: agreements.id })
        .from(agreements)
        .where(and(eq(agreements.title, a.body.title), summitId ? eq(agreements.summitId, summitId) : isNull(agreements.summitId)))
        .orderBy(asc(agreements.createdAt), asc(agreements.id))
        .get();
      const { record, outcome } = ensure(
        existing?.id,
        { ...a.body, ...(summitId ? { summitId } : {}) },
        agreementBody,
        (input) => createAgreement(tx, input),
        (id, prepare) => replaceAgreement(tx, id, prepare, noPrecondition),
      );
      ids.agreements.set(a.key, record.id);
      summary.agreements[outcome] += 1;
      return record.id;
    });
    for (const action of a.actions) {
      step(`${action.body.action} action of "${action.participant}" on agreement "${a.key}"`, () => {
        const participantId = idOf(load, 'participants', action.participant);
        // Actions are a log with no replacement: one of the same kind by the same participant is this one.
        const existing = tx
          .select({ id: agreementActions.id })
          .from(agreementActions)
          .where(
            and(
              eq(agreementActions.agreementId, agreementId),
              eq(agreementActions.participantId, participantId),
              eq(agreementActions.action, action.body.action),
            ),
          )
          .get();
        if (!existing) createAction(tx, agreementId, actionBody.parse({ ...action.body, participantId }));
        summary.agreementActions[existing ? 'unchanged' : 'created'] += 1;
      });
    }
  }
}

function loadCommitments(load: Load, data: SeedData['commitments']): void {
  const { tx, summary } = load;
  data.forEach((c, index) => {
    step(`commitment ${index} ("${c.body.text}")`, () => {
      const summitId = idOf(load, 'summits', c.summit);
      const agreementId = idOf(load, 'agreements', c.agreement);
      const seed = {
        ...c.body,
        ...(summitId ? { summitId } : {}),
        ...(agreementId ? { agreementId } : {}),
        ...(c.proposedBy ? { proposedById: idOf(load, 'participants', c.proposedBy) } : {}),
        parties: c.parties.map((party) => ({ participantId: idOf(load, 'participants', party.participant), role: party.role })),
      };
      // Known by its text within its summit (or, without one, within its agreement).
      const existing = tx
        .select({ id: commitments.id })
        .from(commitments)
        .where(
          and(
            eq(commitments.text, c.body.text),
            summitId
              ? eq(commitments.summitId, summitId)
              : and(isNull(commitments.summitId), agreementId ? eq(commitments.agreementId, agreementId) : isNull(commitments.agreementId)),
          ),
        )
        .orderBy(asc(commitments.createdAt), asc(commitments.id))
        .get();
      const { outcome } = ensure(
        existing?.id,
        seed,
        commitmentBody,
        (input) => createCommitment(tx, input),
        (id, prepare) => replaceCommitment(tx, id, prepare, noPrecondition),
      );
      summary.commitments[outcome] += 1;
    });
  });
}

/** Loads `data` (the Central Asia + Japan example unless told otherwise) in one transaction: all of it or none. */
export function seedDatabase(db: Db, data: SeedData = CENTRAL_ASIA_JAPAN): SeedSummary {
  const summary = Object.fromEntries(RECORD_KINDS.map((kind) => [kind, { created: 0, updated: 0, unchanged: 0 }])) as SeedSummary;
  db.transaction(
    (tx) => {
      const load: Load = { tx, ids: { participants: new Map(), summits: new Map(), agreements: new Map() }, summary };
      loadParticipants(load, data.participants);
      loadSummits(load, data.summits);
      loadAgreements(load, data.agreements);
      loadCommitments(load, data.commitments);
    },
    // Take the write lock at the start, so that a running service's writes wait for the seed (or
    // the seed for them, up to the busy timeout) instead of failing it halfway.
    { behavior: 'immediate' },
  );
  return summary;
}

const LABELS: Record<keyof SeedSummary, string> = {
  participants: 'participants',
  summits: 'summits',
  participations: 'participations',
  agreements: 'agreements',
  agreementActions: 'agreement actions',
  commitments: 'commitments',
};

/** The summary as the command prints it: one line per kind of record, then the totals. */
function formatSummary(summary: SeedSummary): string {
  const line = (label: string, c: Counts) => `  ${label.padEnd(18)} ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;
  const total = Object.values(summary).reduce(
    (sum, c) => ({ created: sum.created + c.created, updated: sum.updated + c.updated, unchanged: sum.unchanged + c.unchanged }),
    { created: 0, updated: 0, unchanged: 0 },
  );
  return [...RECORD_KINDS.map((kind) => line(LABELS[kind], summary[kind])), line('total', total)].join('\n');
}

function main(): number {
  const databasePath = configuredDatabasePath();
  if (databasePath === undefined) return 1;
  const db = openDatabase(databasePath);
  try {
    migrateDatabase(db);
    const summary = seedDatabase(db);
    console.log(`Seeded ${databasePath} with the Central Asia + Japan example:\n${formatSummary(summary)}`);
    return 0;
  } catch (err) {
    if (err instanceof SeedError) {
      console.error(`Seed failed; nothing was written. ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    db.$client.close();
  }
}

if (invokedAsCommand(import.meta.url)) process.exitCode = main();
