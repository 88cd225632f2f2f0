// Retention of the change feed: events older than the retention window are deleted when the
// service starts and every hour after, a bounded batch at a time so that requests are served
// between batches however much has piled up.
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { pruneEvents } from './events.queries.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
export const PRUNE_BATCH = 5000;

/** The time before which events are no longer kept. */
export const retentionCutoff = (now: Date, retentionDays: number) => new Date(now.getTime() - retentionDays * DAY_MS);

export interface EventPruning {
  /** Stops the schedule; a batch in progress finishes, none follows. */
  stop: () => void;
}

/**
 * Prunes at once, then every `intervalMs`. Each batch is its own transaction of at most
 * `batchSize` deletes; the next batch, when one is needed, waits for the event loop's turn.
 */
export function scheduleEventPruning(options: {
  db: Db;
  retentionDays: number;
  clock?: () => Date;
  logger?: Logger;
  intervalMs?: number;
  batchSize?: number;
}): EventPruning {
  const { db, retentionDays, clock = () => new Date(), logger, intervalMs = PRUNE_INTERVAL_MS, batchSize = PRUNE_BATCH } = options;
  let stopped = false;
  let running = false;

  const run = () => {
    if (stopped || running) return;
    running = true;
    const cutoff = retentionCutoff(clock(), retentionDays);
    let removed = 0;
    const batch = () => {
      if (stopped) return void (running = false);
      try {
        const n = db.transaction((tx) => pruneEvents(tx, cutoff, batchSize));
        removed += n;
        if (n === batchSize) return void setImmediate(batch);
        if (removed > 0) logger?.info({ removed, before: cutoff.toISOString() }, 'pruned events older than the retention window');
      } catch (err) {
        logger?.error({ err }, 'could not prune old events; the next run tries again');
      }
      running = false;
    };
    batch();
  };

  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
