// What the small commands of src/cli share: knowing they are the command being run, and the
// database path from the same configuration as the service.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../config.js';

/** True when the module at `moduleUrl` is the command being run, not one a test imports. */
export function invokedAsCommand(moduleUrl: string): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** DATABASE_PATH as the service reads it, or undefined after printing why the configuration is invalid. */
export function configuredDatabasePath(): string | undefined {
  try {
    return loadConfig(process.env).databasePath;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return undefined;
    }
    throw err;
  }
}
