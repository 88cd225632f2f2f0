// Runs once per test run, before any test file: builds the OpenAPI document that every file
// checks its responses against (contract.ts), so that no file pays for building it again.
import type { TestProject } from 'vitest/node';
import { apiRoutes } from '../src/app.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { buildOpenApiDocument } from '../src/http/openapi.js';

declare module 'vitest' {
  export interface ProvidedContext {
    openApiDocument: Record<string, unknown>;
  }
}

function buildDocument(): Record<string, unknown> {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  const document = buildOpenApiDocument(apiRoutes(db), { version: 'test' });
  db.$client.close();
  return JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
}

export default function setup(project: TestProject): void {
  project.provide('openApiDocument', buildDocument());
}
