// What a spreadsheet holds, in the form the commitment body takes: participants named by iso3
// code where a CSV import would otherwise need their ids.
import { inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { participants } from '../db/schema.js';
import { idPattern } from '../http/fields.js';
import { HttpProblem, jsonPointer } from '../http/problem.js';

const ISO3 = /^[A-Z]{3}$/;
const PARTY_ENTRY = /^([^:]+):([a-z]+)$/;

/** Participant ids by iso3 code; a code that several participants hold maps to all of them. */
function participantsByIso3(db: Tx, codes: Set<string>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  if (codes.size === 0) return found;
  for (const { id, iso3 } of db.select({ id: participants.id, iso3: participants.iso3 }).from(participants).where(inArray(participants.iso3, [...codes])).all()) {
    found.set(iso3!, [...(found.get(iso3!) ?? []), id]);
  }
  return found;
}

/**
 * Rows of an imported CSV with their participants resolved. A `parties` cell may hold, instead of
 * JSON, `<participant>:<role>` entries joined by ";" (`JPN:pledger;KAZ:pledger`), and
 * `proposedById` a code alone; a participant is its id or, when exactly one participant has it,
 * its iso3 code. Unknown or ambiguous codes are refused with 422 at their row.
 */
export function resolveCsvParticipants(db: Tx, rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const entries = rows.map((row) => (typeof row.parties === 'string' ? row.parties.split(';').map((entry) => PARTY_ENTRY.exec(entry.trim())) : undefined));
  const codes = new Set<string>();
  for (const list of entries) for (const m of list ?? []) if (m && ISO3.test(m[1]!)) codes.add(m[1]!);
  for (const row of rows) if (typeof row.proposedById === 'string' && ISO3.test(row.proposedById)) codes.add(row.proposedById);
  const byIso3 = participantsByIso3(db, codes);

  const errors: { pointer: string; detail: string }[] = [];
  const resolve = (ref: string, path: (string | number)[]): string => {
    if (!ISO3.test(ref) || idPattern('par').test(ref)) return ref;
    const ids = byIso3.get(ref) ?? [];
    if (ids.length !== 1) errors.push({ pointer: jsonPointer(path), detail: ids.length === 0 ? `no participant has iso3 ${ref}` : `iso3 ${ref} names ${ids.length} participants; give the id` });
    return ids[0] ?? ref;
  };
  const resolved = rows.map((row, index) => {
    const out = { ...row };
    const list = entries[index];
    if (list) {
      out.parties = list.map((m, i) => {
        if (!m) {
          errors.push({ pointer: jsonPointer([index, 'parties', i]), detail: 'must be JSON, or entries <iso3 or participant id>:<role> joined by ;' });
          return undefined;
        }
        return { participantId: resolve(m[1]!, [index, 'parties', i, 'participantId']), role: m[2] };
      });
    }
    if (typeof row.proposedById === 'string') out.proposedById = resolve(row.proposedById, [index, 'proposedById']);
    return out;
  });
  if (errors.length > 0) throw HttpProblem.invalid(errors);
  return resolved;
}
