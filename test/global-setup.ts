// Runs once per test run, before any test file: builds the OpenAPI document that every file
// checks its responses against (contract.ts), so that no file pays for building it again, and
// prepares the directory the service is compiled into for the files that start it as a process
// (test/service-build.ts).
import { chmodSync, copyFileSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { apiRoutes } from '../src/app.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { buildOpenApiDocument } from '../src/http/openapi.js';

declare module 'vitest' {
  export interface ProvidedContext {
    openApiDocument: Record<string, unknown>;
    /** Where the compiled service is built; see test/service-build.ts. */
    serviceBuild: string;
  }
}

function buildDocument(): Record<string, unknown> {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  const document = buildOpenApiDocument(apiRoutes(db), { version: 'test' });
  db.$client.close();
  return JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
}

/**
 * The directory the service is compiled into by the first test file that needs it
 * (test/service-build.ts), with the migrations and the packages beside it where the compiled code
 * looks for them.
 */
function serviceBuildDirectory(): string {
  const root = resolve(import.meta.dirname, '..');
  const dir = mkdtempSync(join(tmpdir(), 'summit-tracker-build-'));
  // Readable by all: one start-up test runs the service as an unprivileged user.
  chmodSync(dir, 0o755);
  copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
  symlinkSync(realpathSync(join(root, 'node_modules')), join(dir, 'node_modules'));
  symlinkSync(join(root, 'migrations'), join(dir, 'migrations'));
  return dir;
}

export default function setup(project: TestProject): () => void {
  const dir = serviceBuildDirectory();
  project.provide('serviceBuild', dir);
  project.provide('openApiDocument', buildDocument());
  return () => rmSync(dir, { recursive: true, force: true });
}
