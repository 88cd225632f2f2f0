// `npm run keys -- create --name <label> --scopes read,write` | `list` | `revoke <id>`: the API
// keys of the database at DATABASE_PATH. A new key is printed once; only its hash is stored.
import { parseArgs } from 'node:util';
import { createKey, listKeys, revokeKey, SCOPES, type Scope } from '../auth/keys.js';
import { migrateDatabase, openDatabase, type Db } from '../db/client.js';
import { configuredDatabasePath, invokedAsCommand } from './command.js';

const USAGE = `Usage:
  npm run keys -- create --name <label> --scopes read[,write][,admin]
  npm run keys -- list
  npm run keys -- revoke <key id>`;

/** Runs one command against `db`; returns the exit code, writing to `out` and `err`. */
export function runKeys(db: Db, args: string[], out: (line: string) => void, err: (line: string) => void): number {
  const [command, ...rest] = args;
  if (command === 'create') {
    let values: { name?: string; scopes?: string };
    try {
      ({ values } = parseArgs({ args: rest, options: { name: { type: 'string' }, scopes: { type: 'string' } }, strict: true }));
    } catch (e) {
      err(`${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    const name = values.name?.trim();
    if (!name || name.length > 100 || /[\u0000-\u001F\u007F]/.test(name)) {
      err(`--name is required: a label of 1 to 100 characters\n${USAGE}`);
      return 2;
    }
    const scopes = (values.scopes ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
    if (scopes.length === 0 || unknown.length > 0) {
      err(`--scopes must list one or more of ${SCOPES.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}\n${USAGE}`);
      return 2;
    }
    const { key, secret } = createKey(db, name, [...new Set(scopes)] as Scope[]);
    out(`Created ${key.id} "${key.name}" with scopes ${key.scopes.join(', ')}.`);
    out('The key, shown this once (store it now; only its hash is kept):');
    out(secret);
    return 0;
  }
  if (command === 'list' && rest.length === 0) {
    const keys = listKeys(db);
    if (keys.length === 0) out('No keys: the API is open outside production until one is created.');
    for (const key of keys) {
      const state = key.revokedAt ? `revoked ${key.revokedAt}` : 'active';
      out(`${key.id}  ${key.name}  scopes=${key.scopes.join(',')}  created=${key.createdAt}  lastUsed=${key.lastUsedAt ?? 'never'}  ${state}`);
    }
    return 0;
  }
  if (command === 'revoke' && rest.length === 1) {
    if (!revokeKey(db, rest[0]!)) {
      err(`No key ${rest[0]}`);
      return 1;
    }
    out(`Revoked ${rest[0]}.`);
    return 0;
  }
  err(USAGE);
  return 2;
}

function main(): number {
  const databasePath = configuredDatabasePath();
  if (databasePath === undefined) return 1;
  const db = openDatabase(databasePath);
  try {
    migrateDatabase(db);
    return runKeys(db, process.argv.slice(2), console.log, console.error);
  } finally {
    db.$client.close();
  }
}

if (invokedAsCommand(import.meta.url)) process.exitCode = main();
