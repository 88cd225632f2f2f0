// How the progress updates of a commitment are listed, filtered, sorted and expanded.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { progressUpdates } from '../db/schema.js';
import { viewSchema, type ListSpec } from '../http/list.js';
import { participantsById } from '../participants/participants.queries.js';
import { participantSchema, type Participant } from '../participants/participants.schemas.js';
import { progressSchema, type ProgressUpdate } from './progress.schemas.js';

export type ProgressItem = ProgressUpdate & { participant?: Participant | null };

export const progressList: ListSpec<ProgressUpdate, ProgressItem> = {
  name: 'commitments/progress',
  fileName: 'progress-updates',
  table: progressUpdates,
  idColumn: progressUpdates.id,
  idOf: (p) => p.id,
  keyFields: ['id'],
  createdAt: progressUpdates.createdAt,
  filters: {
    participantId: { type: 'id', idPrefix: 'par', column: progressUpdates.participantId },
    status: { type: 'enum', column: progressUpdates.status, values: progressUpdates.status.enumValues },
    asOfDate: { type: 'date', column: progressUpdates.asOfDate },
  },
  sorts: {
    asOfDate: { column: progressUpdates.asOfDate, nullable: false },
    createdAt: { column: progressUpdates.createdAt, nullable: false },
  },
  // Newest evidence first; equal dates by id, which follows creation.
  defaultSort: [{ name: 'asOfDate', desc: true }],
  expand: {
    participant: {
      description: 'the party the update is about (null when it is about the whole commitment)',
      load: (db, items) => {
        const found = participantsById(db, items.map((i) => i.participantId));
        for (const item of items) item.participant = item.participantId ? (found.get(item.participantId) ?? null) : null;
      },
    },
  },
  fields: Object.keys(progressSchema.shape),
  present: (_db, rows) => rows,
};

export const progressView = viewSchema('ProgressUpdateView', progressSchema, { participant: z.union([participantSchema, z.null()]) });

/** The updates of one commitment. */
export const ofCommitment = (commitmentId: string) => ({ scope: eq(progressUpdates.commitmentId, commitmentId), scopeKey: commitmentId });
