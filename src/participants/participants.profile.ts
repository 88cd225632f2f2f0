// A participant's record across the service: where it met and in what role, where it stands in
// agreements, what it committed to and how that is going, and how well it kept its word. A fixed
// number of queries, whatever the number of rows.
import { count, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { partyStandings } from '../agreements/agreements.queries.js';
import { partyStandingSchema } from '../agreements/agreements.schemas.js';
import { participantCompliance } from '../compliance/compliance.queries.js';
import { complianceFigures } from '../compliance/compliance.schemas.js';
import type { Tx } from '../db/client.js';
import { agreementActions, agreements, commitmentParties, commitments, summitParticipations, summits } from '../db/schema.js';
import { participantSchema, type Participant } from './participants.schemas.js';

const PROGRESS = commitments.progressStatus.enumValues;
const ROLES = commitmentParties.role.enumValues;
const tally = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.int()])) as Record<K, z.ZodInt>);

export const profileSchema = z
  .object({
    participant: participantSchema,
    summits: z.array(
      z.object({
        summitId: z.string(),
        name: z.string(),
        kind: z.enum(summits.kind.enumValues),
        status: z.enum(summits.status.enumValues),
        startDate: z.string().nullable(),
        role: z.enum(summitParticipations.role.enumValues),
        level: z.enum(summitParticipations.level.enumValues).nullable(),
        attendance: z.enum(summitParticipations.attendance.enumValues),
        onBehalfOfId: z.string().nullable(),
      }),
    ),
    agreements: z.array(partyStandingSchema.omit({ participantId: true }).extend({ agreementId: z.string(), title: z.string() })),
    commitments: z.object({ total: z.int(), byProgressStatus: tally(PROGRESS), byRole: tally(ROLES) }),
    compliance: complianceFigures.describe('From the latest final report per summit, as /v1/stats/compliance counts'),
  })
  .meta({ id: 'ParticipantProfile' });
export type Profile = z.infer<typeof profileSchema>;

export function participantProfile(db: Tx, participant: Participant, today: string): Profile {
  const id = participant.id;
  const met = db
    .select({
      summitId: summits.id,
      name: summits.name,
      kind: summits.kind,
      status: summits.status,
      startDate: summits.startDate,
      role: summitParticipations.role,
      level: summitParticipations.level,
      attendance: summitParticipations.attendance,
      onBehalfOfId: summitParticipations.onBehalfOfId,
    })
    .from(summitParticipations)
    .innerJoin(summits, eq(summits.id, summitParticipations.summitId))
    .where(eq(summitParticipations.participantId, id))
    .orderBy(sql`${summits.startDate} IS NULL`, desc(summits.startDate), desc(summits.id))
    .all();

  const acted = db
    .selectDistinct({ id: agreements.id, title: agreements.title })
    .from(agreementActions)
    .innerJoin(agreements, eq(agreements.id, agreementActions.agreementId))
    .where(eq(agreementActions.participantId, id))
    .all();
  const standings = partyStandings(db, acted.map((a) => a.id), today);
  const standingsOf = acted.flatMap((a) =>
    (standings.get(a.id) ?? [])
      .filter((s) => s.participantId === id)
      .map(({ participantId: _self, ...s }) => ({ agreementId: a.id, title: a.title, ...s })),
  );

  const party = db
    .select({ progressStatus: commitments.progressStatus, role: commitmentParties.role, n: count() })
    .from(commitmentParties)
    .innerJoin(commitments, eq(commitments.id, commitmentParties.commitmentId))
    .where(eq(commitmentParties.participantId, id))
    .groupBy(commitments.progressStatus, commitmentParties.role)
    .all();
  const byProgressStatus = Object.fromEntries(PROGRESS.map((s) => [s, 0])) as Record<(typeof PROGRESS)[number], number>;
  const byRole = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<(typeof ROLES)[number], number>;
  for (const row of party) {
    byProgressStatus[row.progressStatus] += row.n;
    byRole[row.role] += row.n;
  }

  return {
    participant,
    summits: met,
    agreements: standingsOf,
    commitments: { total: party.reduce((sum, row) => sum + row.n, 0), byProgressStatus, byRole },
    compliance: participantCompliance(db, id),
  };
}
