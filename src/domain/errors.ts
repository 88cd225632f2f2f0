// What the data layer says when a write cannot be done. It knows nothing of HTTP: the error
// handler maps each of these to its problem (http/errors.ts).

/** A member of the input, by its path within the input (`['parties', 2, 'participantId']`), and what is wrong. */
export interface Violation {
  path: (string | number)[];
  detail: string;
}

/** The record named does not exist. */
export class NotFoundError extends Error {}

/** The input breaks a rule that needs the database (a reference, a kind that would orphan others). */
export class RuleViolation extends Error {
  constructor(readonly violations: Violation[]) {
    super(violations.map((v) => `${v.path.join('.')}: ${v.detail}`).join('; '));
  }
}

/** The input clashes with an existing record (a unique code or identifier). */
export class ConflictError extends Error {
  constructor(
    message: string,
    readonly violations: Violation[] = [],
  ) {
    super(message);
  }
}

/** A delete that would orphan records; `counts` names each kind of dependent. */
export class DependentsError extends Error {
  constructor(
    message: string,
    readonly counts: Record<string, number>,
  ) {
    super(message);
  }

  /** The error for a delete of `what` `id`, or undefined when nothing depends on it. */
  static of(what: string, id: string, counts: Record<string, number>): DependentsError | undefined {
    const present = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
    const total = Object.values(present).reduce((a, b) => a + b, 0);
    if (total === 0) return undefined;
    const listed = Object.entries(present)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    return new DependentsError(`${what} ${id} cannot be deleted: ${total} records refer to it (${listed})`, present);
  }
}
