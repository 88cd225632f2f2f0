// API keys: made by the command line, shown once, stored as a SHA-256 hash, revocable. A key is
// 32 random bytes, so one fast hash is enough: there is nothing to guess that a slow hash would
// protect.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { desc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { perConnection } from '../db/prepared.js';
import { ID_PREFIX, now, stamp } from '../db/ids.js';
import { apiKeys } from '../db/schema.js';

export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** What each scope allows: write implies read, admin implies both. */
const GRANTS: Record<Scope, Scope[]> = { read: ['read'], write: ['read', 'write'], admin: ['read', 'write', 'admin'] };

export interface KeyRecord {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const SECRET_PREFIX = 'stk_';
/** The digest a key is stored and looked up by. */
export const hashOf = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

export function createKey(db: Tx, name: string, scopes: Scope[]): { key: KeyRecord; secret: string } {
  const secret = `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
  const { id, at } = stamp(ID_PREFIX.apiKey);
  const key = db
    .insert(apiKeys)
    .values({ id, name, scopes, hash: hashOf(secret), createdAt: at })
    .returning({ id: apiKeys.id, name: apiKeys.name, scopes: apiKeys.scopes, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
    .get();
  return { key, secret };
}

export function listKeys(db: Tx): KeyRecord[] {
  return db
    .select({ id: apiKeys.id, name: apiKeys.name, scopes: apiKeys.scopes, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .orderBy(desc(apiKeys.createdAt))
    .all();
}

/** Revokes a key; false when there is no such key. Revoking twice keeps the first time. */
export function revokeKey(db: Tx, id: string): boolean {
  const key = db.select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, id)).get();
  if (!key) return false;
  if (!key.revokedAt) db.update(apiKeys).set({ revokedAt: now() }).where(eq(apiKeys.id, id)).run();
  return true;
}

const anyActiveKey = perConnection((db) => db.select({ id: apiKeys.id }).from(apiKeys).where(isNull(apiKeys.revokedAt)).limit(1).prepare());
export function hasActiveKey(db: Tx): boolean {
  return anyActiveKey(db).get() !== undefined;
}

const keyByHash = perConnection((db) => db.select().from(apiKeys).where(eq(apiKeys.hash, sql.placeholder('hash'))).prepare());
/** The key a secret names, if it exists (revoked or not); the stored hash is compared in constant time. */
export function findKey(db: Tx, secret: string): (KeyRecord & { hash: string }) | undefined {
  return findKeyByHash(db, hashOf(secret));
}

/** The key whose secret has this digest (`hashOf`), for a caller that computed it already. */
export function findKeyByHash(db: Tx, hash: string): (KeyRecord & { hash: string }) | undefined {
  const found = keyByHash(db).get({ hash });
  if (!found || !timingSafeEqual(Buffer.from(found.hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
  return found;
}

export const allows = (scopes: readonly Scope[], needed: Scope) => scopes.some((scope) => GRANTS[scope].includes(needed));

/** Records that a key was used, at most once a minute per key: a read must not cost a durable write each time. */
const lastRecorded = new Map<string, number>();
export function recordUse(db: Tx, id: string, at: Date = new Date()): void {
  const previous = lastRecorded.get(id) ?? 0;
  if (at.getTime() - previous < 60_000) return;
  lastRecorded.set(id, at.getTime());
  db.update(apiKeys).set({ lastUsedAt: at.toISOString() }).where(eq(apiKeys.id, id)).run();
}
