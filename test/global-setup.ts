// Runs once per test run, before any test file: builds the OpenAPI document that every file
// checks its responses against (contract.ts), so that no file pays for building it again, and
// starts compiling the service as the image runs it (test/service-build.ts), for the files that
// start it as a process; they wait for that compilation, the others do not.
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { apiRoutes } from '../src/app.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { buildOpenApiDocument } from '../src/http/openapi.js';

declare module 'vitest' {
  export interface ProvidedContext {
    openApiDocument: Record<string, unknown>;
    /** Where the compiled service is being built; see test/service-build.ts. */
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
 * `npm run build`'s compilation (types are checked by `npm run typecheck`, so only emitted here)
 * into a scratch directory, with the migrations and the packages beside it where the compiled code
 * looks for them. It runs while the first files do; `status` appears when it has finished.
 */
function startServiceBuild(): { dir: string; stop: () => void } {
  const root = resolve(import.meta.dirname, '..');
  const dir = mkdtempSync(join(tmpdir(), 'summit-tracker-build-'));
  // Readable by all: one start-up test runs the service as an unprivileged user.
  chmodSync(dir, 0o755);
  copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
  symlinkSync(realpathSync(join(root, 'node_modules')), join(dir, 'node_modules'));
  symlinkSync(join(root, 'migrations'), join(dir, 'migrations'));
  const tsc = spawn(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', join(dir, 'dist'), '--noCheck'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  tsc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  tsc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Written whole, then renamed: a reader never sees half of it.
  const finish = (code: number | null, text: string) => {
    writeFileSync(join(dir, 'status.part'), JSON.stringify({ code, output: text }));
    renameSync(join(dir, 'status.part'), join(dir, 'status'));
  };
  tsc.on('error', (error) => finish(null, String(error)));
  tsc.on('exit', (code) => finish(code, output));
  return {
    dir,
    stop: () => {
      if (tsc.exitCode === null) tsc.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export default function setup(project: TestProject): () => void {
  const build = startServiceBuild();
  project.provide('serviceBuild', build.dir);
  project.provide('openApiDocument', buildDocument());
  return build.stop;
}
