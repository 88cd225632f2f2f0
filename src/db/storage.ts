// Whether the database has room to grow. Two limits apply: SQLite's own (max_page_count) and the
// free space of the filesystem under the file. A write that needs more than is left fails with
// SQLITE_FULL, which the service answers 507 and reports as not ready until space is freed.
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';

/** Below this much room the database counts as full: a checkpoint or a bulk create needs more. */
export const MIN_FREE_BYTES = 1024 * 1024;

/** How many bytes the database can still take: free pages, pages it may add, and the disk's free space. */
export function freeBytes(client: Database.Database): number {
  const pragma = (name: string) => client.pragma(name, { simple: true }) as number;
  const pageSize = pragma('page_size');
  const pages = pragma('max_page_count') - pragma('page_count') + pragma('freelist_count');
  if (client.memory) return pages * pageSize;
  const disk = statfsSync(dirname(client.name));
  return Math.min(pages * pageSize, disk.bavail * disk.bsize);
}

/**
 * Remembers that a write ran out of space. Until then the database has room when MIN_FREE_BYTES
 * are free; afterwards, only once MIN_FREE_BYTES more than at that moment are: the write that
 * failed may have needed more than the margin, and only freed space makes it succeed.
 */
export class StorageWatch {
  #freeWhenFull: number | undefined;

  constructor(private readonly client: Database.Database) {}

  /** A write failed with SQLITE_FULL. */
  noteFull(): void {
    this.#freeWhenFull = freeBytes(this.client);
  }

  /** Whether a write can be expected to find room; false when it cannot be told (the database is closed). */
  hasRoom(): boolean {
    let free: number;
    try {
      free = freeBytes(this.client);
    } catch {
      return false;
    }
    if (this.#freeWhenFull !== undefined) {
      if (free < this.#freeWhenFull + MIN_FREE_BYTES) return false;
      this.#freeWhenFull = undefined;
    }
    return free >= MIN_FREE_BYTES;
  }
}
