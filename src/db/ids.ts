// Server-generated ids: a type prefix and a ULID, so ids sort by creation time.
import { monotonicFactory } from 'ulid';

export const ID_PREFIX = {
  participant: 'par',
  summit: 'smt',
  agreement: 'agr',
  agreementAction: 'act',
  commitment: 'cmt',
  progressUpdate: 'prg',
  complianceReport: 'rpt',
  assessment: 'asm',
  position: 'pos',
  membership: 'mbr',
  event: 'evt',
  apiKey: 'key',
} as const;

const nextUlid = monotonicFactory();
let lastMillis = 0;

/**
 * The time of a new record and its id, taken together. The clock never runs backwards within the
 * process, so `(createdAt, id)` orders records by creation even if the system clock is set back.
 */
export function stamp(prefix: (typeof ID_PREFIX)[keyof typeof ID_PREFIX]): { id: string; at: string } {
  lastMillis = Math.max(Date.now(), lastMillis);
  return { id: `${prefix}_${nextUlid(lastMillis)}`, at: new Date(lastMillis).toISOString() };
}

/** The time of a change to an existing record. */
export function now(): string {
  lastMillis = Math.max(Date.now(), lastMillis);
  return new Date(lastMillis).toISOString();
}
