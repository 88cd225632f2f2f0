// The service compiled as the image runs it (`node dist/main.js`), for the files that start it as a
// process: starting it compiled takes half the time of starting it through tsx. It is compiled once
// per test run, by the first file that asks for it, into the directory global-setup.ts prepared
// (package.json, and the migrations and packages where the compiled code looks for them); a run
// whose files never ask does not compile it.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';

/**
 * The directory holding `dist/`, `migrations/`, `node_modules/` and `package.json`, once the
 * compilation has finished; it throws with the compiler's output if that failed.
 */
export async function serviceBuild(): Promise<string> {
  const dir = inject('serviceBuild');
  if (claim(join(dir, 'started'))) compile(dir);
  const status = join(dir, 'status');
  while (!existsSync(status)) await sleep(100);
  const { code, output } = JSON.parse(readFileSync(status, 'utf8')) as { code: number | null; output: string };
  if (code !== 0) throw new Error(`the service did not compile (exit ${code}):\n${output}`);
  return dir;
}

/** True for the one caller, of every worker, that creates `path`. */
function claim(path: string): boolean {
  try {
    closeSync(openSync(path, 'wx'));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * `npm run build`'s compilation (types are checked by `npm run typecheck`, so only emitted here);
 * `status` appears, whole, when it has finished.
 */
function compile(dir: string): void {
  const root = resolve(import.meta.dirname, '..');
  const tsc = spawn(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', join(dir, 'dist'), '--noCheck'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  tsc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  tsc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const finish = (code: number | null, text: string) => {
    writeFileSync(join(dir, 'status.part'), JSON.stringify({ code, output: text }));
    renameSync(join(dir, 'status.part'), join(dir, 'status'));
  };
  tsc.on('error', (error) => finish(null, String(error)));
  tsc.on('exit', (code) => finish(code, output));
}
