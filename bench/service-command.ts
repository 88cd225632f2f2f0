// The command the image runs the service with (the Dockerfile's CMD, its V8 heap flags included),
// with this Node in place of `node`: the benchmarks measure the service as it is deployed.
import { readFileSync } from 'node:fs';

export function serviceCommand(): string[] {
  const cmd = /^CMD (\[.*\])\s*$/m.exec(readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8'))?.[1];
  if (!cmd) throw new Error('the Dockerfile has no CMD in exec form');
  const [node, ...args] = JSON.parse(cmd) as string[];
  if (node !== 'node') throw new Error(`the Dockerfile's CMD runs ${node}, not node`);
  return [process.execPath, ...args];
}
