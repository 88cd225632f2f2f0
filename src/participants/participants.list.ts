// How participants are listed, filtered, sorted, searched and expanded.
import { participants } from '../db/schema.js';
import { participantsFts } from '../db/search.js';
import { z } from 'zod';
import type { ListSpec } from '../http/list.js';
import { viewSchema } from '../http/list.js';
import { participantsById } from './participants.queries.js';
import { participantSchema, type Participant } from './participants.schemas.js';

export type ParticipantItem = Participant & { affiliation?: Participant | null };

export const participantList: ListSpec<Participant, ParticipantItem> = {
  name: 'participants',
  table: participants,
  idColumn: participants.id,
  idOf: (p) => p.id,
  keyFields: ['id'],
  createdAt: participants.createdAt,
  filters: {
    id: { type: 'id', idPrefix: 'par', column: participants.id, description: 'The participant ids: id=in.(par_…,par_…) reads many at once', example: 'in.(par_01HZY000000000000000000000,par_01HZY000000000000000000001)' },
    kind: { type: 'enum', column: participants.kind, values: participants.kind.enumValues },
    iso3: { type: 'string', column: participants.iso3 },
    affiliationId: { type: 'id', idPrefix: 'par', column: participants.affiliationId },
    name: { type: 'string', column: participants.name },
    createdAt: { type: 'timestamp', column: participants.createdAt },
  },
  sorts: {
    name: { column: participants.name, nullable: false },
    createdAt: { column: participants.createdAt, nullable: false },
  },
  search: { table: participantsFts, fields: ['name', 'shortName', 'title', 'description'] },
  expand: {
    affiliation: {
      description: 'the participant named by affiliationId',
      load: (db, items) => {
        const found = participantsById(db, items.map((i) => i.affiliationId));
        for (const item of items) item.affiliation = item.affiliationId ? (found.get(item.affiliationId) ?? null) : null;
      },
      csv: { affiliationName: (i) => i.affiliation?.name },
    },
  },
  fields: Object.keys(participantSchema.shape),
  present: (_db, rows) => rows,
};

export const participantView = viewSchema('ParticipantView', participantSchema, { affiliation: z.union([participantSchema, z.null()]) });
