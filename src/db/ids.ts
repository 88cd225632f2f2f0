// Server-generated ids: a type prefix and a ULID, so ids sort by creation time.
import { getRandomValues } from 'node:crypto';
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

/**
 * The ULID library's own source of randomness (a crypto-random byte / 256) drawn from a pool of
 * crypto-random bytes: the library asks for one per character, and one call into crypto per
 * character, 16 per id, cost a create more than the rest of making its ids and times.
 */
const randomBytes = new Uint8Array(4096);
let nextByte = randomBytes.length;
export function randomFraction(): number {
  if (nextByte === randomBytes.length) {
    getRandomValues(randomBytes);
    nextByte = 0;
  }
  return randomBytes[nextByte++]! / 256;
}

const nextUlid = monotonicFactory(randomFraction);
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
