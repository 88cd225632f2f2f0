// A progress update's body and record, derived from its table and refined.
import { createInsertSchema, createSelectSchema } from 'drizzle-zod';
import { progressUpdates } from '../db/schema.js';
import { httpUrl, partialDate, prose, recordColumns, ref, serverOwned } from '../http/fields.js';

export const progressBody = createInsertSchema(progressUpdates, {
  asOfDate: partialDate,
  participantId: () => ref('par').meta({ description: 'The party the update is about; absent: the commitment as a whole' }),
  note: () => prose(5000),
  sourceUrl: () => httpUrl().meta({ description: 'Where the evidence is: no claim without a source' }),
})
  .omit({ ...serverOwned, commitmentId: true })
  .strict()
  .meta({
    id: 'ProgressUpdateInput',
    example: { asOfDate: '2025-06', status: 'in_progress', sourceUrl: 'https://www.example.org/energy-ministers-2025' },
  });
export type ProgressInput = ReturnType<typeof progressBody.parse>;

export const progressSchema = createSelectSchema(progressUpdates, recordColumns).meta({ id: 'ProgressUpdate' });
export type ProgressUpdate = ReturnType<typeof progressSchema.parse>;
