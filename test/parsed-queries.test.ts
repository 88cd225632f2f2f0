// A list's query string is parsed once and kept (src/http/parsed-queries.ts): what is kept must be
// what a fresh parse gives, never a refusal, never something a handler could change, and never
// anything that depends on more than the string (the day, the data).
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { keepParsed, parsedQuery } from '../src/http/parsed-queries.js';
import { createSummit, expectProblem, makeApp } from './helpers.js';

const schema = () => z.strictObject({ kind: z.enum(['a', 'b']).optional(), sort: z.string().transform((s) => s.split(',')).optional() });

function counting(target: z.ZodType, value: unknown) {
  let parses = 0;
  return {
    parse: () => {
      parses++;
      return target.safeParse(value);
    },
    get parses() {
      return parses;
    },
  };
}

describe('kept query parses', () => {
  it('when a kept schema meets a query string again, then the result is the first parse, frozen, and nothing is parsed again', () => {
    const kept = keepParsed(schema());
    const run = counting(kept, { kind: 'a', sort: 'x,y' });
    const first = parsedQuery(kept, 'kind=a&sort=x,y', run.parse);
    const second = parsedQuery(kept, 'kind=a&sort=x,y', run.parse);
    expect(second).toEqual({ success: true, data: { kind: 'a', sort: ['x', 'y'] } });
    expect(second.data).toBe(first.data);
    expect(run.parses).toBe(1);
    expect(Object.isFrozen(second.data)).toBe(true);
    expect(() => (second.data as { sort: string[] }).sort.push('z')).toThrow(TypeError);
  });

  it('when a parse fails, then nothing is kept and the next request is parsed and refused again', () => {
    const kept = keepParsed(schema());
    const run = counting(kept, { kind: 'c' });
    expect(parsedQuery(kept, 'kind=c', run.parse).success).toBe(false);
    expect(parsedQuery(kept, 'kind=c', run.parse).success).toBe(false);
    expect(run.parses).toBe(2);
  });

  it('when the schema is not marked, or the query string is long, then every request is parsed', () => {
    const plain = schema();
    const run = counting(plain, { kind: 'a' });
    parsedQuery(plain, 'kind=a', run.parse);
    parsedQuery(plain, 'kind=a', run.parse);
    expect(run.parses).toBe(2);
    const kept = keepParsed(schema());
    const long = `kind=a&${'x'.repeat(600)}`;
    const other = counting(kept, { kind: 'a' });
    parsedQuery(kept, long, other.parse);
    parsedQuery(kept, long, other.parse);
    expect(other.parses).toBe(2);
  });

  it('when more query strings than are kept come, then the least recently used is parsed again and the rest are not', () => {
    const kept = keepParsed(schema());
    const run = counting(kept, { kind: 'a' });
    parsedQuery(kept, 'first', run.parse);
    for (let i = 0; i < 600; i++) {
      parsedQuery(kept, `q${i}`, run.parse);
      if (i % 100 === 0) parsedQuery(kept, 'first', run.parse); // used again: stays
    }
    const before = run.parses;
    parsedQuery(kept, 'first', run.parse);
    parsedQuery(kept, 'q599', run.parse);
    expect(run.parses).toBe(before);
    parsedQuery(kept, 'q0', run.parse);
    expect(run.parses).toBe(before + 1);
  });
});

describe('the same list asked for twice', () => {
  it('when records change between two identical list requests, then the second answers from the data, not from the first', async () => {
    const { api } = makeApp();
    const older = await createSummit(api, { startDate: '2023-05-19' });
    const url = '/v1/summits?kind=leaders_summit&sort=-startDate&limit=5';
    const first = await api.get(url);
    expect(first.body.data.map((s: { id: string }) => s.id)).toEqual([older.id]);
    const newer = await createSummit(api, { startDate: '2025-12-19' });
    const second = await api.get(url);
    expect(second.body.data.map((s: { id: string }) => s.id)).toEqual([newer.id, older.id]);
  });

  it('when a refused list request is sent again, then it is refused again with the same problem', async () => {
    const { api } = makeApp();
    for (let i = 0; i < 2; i++) {
      const res = await api.get('/v1/summits?kind=summit&sort=-startDate');
      expectProblem(res, 400, 'invalid_parameter', ['kind']);
    }
  });
});
