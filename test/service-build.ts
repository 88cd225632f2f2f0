// The service compiled as the image runs it (`node dist/main.js`), built once per test run by
// global-setup.ts for every file that starts it as a process: starting it compiled takes half the
// time of starting it through tsx.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';

/**
 * The directory holding `dist/`, `migrations/`, `node_modules/` and `package.json`, once the
 * compilation has finished; it throws with the compiler's output if that failed.
 */
export async function serviceBuild(): Promise<string> {
  const dir = inject('serviceBuild');
  const status = join(dir, 'status');
  while (!existsSync(status)) await sleep(100);
  const { code, output } = JSON.parse(readFileSync(status, 'utf8')) as { code: number | null; output: string };
  if (code !== 0) throw new Error(`the service did not compile (exit ${code}):\n${output}`);
  return dir;
}
