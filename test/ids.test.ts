// Server-generated ids (src/db/ids.ts): unique, ordered by creation, with a random part drawn
// evenly, so that an id made in a new millisecond cannot be guessed from the one before.
import { describe, expect, it } from 'vitest';
import { randomFraction, stamp } from '../src/db/ids.js';

describe('ids', () => {
  it('when ids are made in the same millisecond and in later ones, then each is unique and they sort in the order they were made', () => {
    const ids = Array.from({ length: 5000 }, () => stamp('smt').id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('when the random source is drawn from, over many refills of its pool, then every byte value comes about equally and no pool repeats', () => {
    const draws = 256 * 1000;
    const counts = new Array<number>(256).fill(0);
    const pools = new Set<string>();
    let pool: number[] = [];
    let outside = 0;
    for (let i = 0; i < draws; i++) {
      const value = randomFraction();
      if (!(value >= 0 && value < 1 && Number.isInteger(value * 256))) outside++;
      else counts[value * 256]!++;
      pool.push(value);
      if (pool.length === 4096) {
        pools.add(pool.join());
        pool = [];
      }
    }
    expect(outside).toBe(0);
    // 1,000 of each value expected; a fair source stays well within ±20%.
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1200);
    expect(pools.size).toBe(Math.floor(draws / 4096));
  });
});
