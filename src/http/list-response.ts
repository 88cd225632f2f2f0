// Answers a list request: JSON page or CSV, with the total when `Prefer: count=exact` asks for it.
import type { Request, Response } from 'express';
import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { sendCsv } from './csv.js';
import { pageSchema, sendPage } from './list.js';
import { project, runList, type ListRequest, type ListSpec } from './list-query.js';
import { HttpProblem } from './problem.js';
import { sendResource } from './resource.js';
import type { ResponseSpec } from './route.js';

const wantsExactCount = (req: Request) => /(^|[,;\s])count=exact(\s*($|[,;]))/i.test(req.get('Prefer') ?? '');

export function wantsCsv(req: Request, request: Pick<ListRequest, 'format'>): boolean {
  if (request.format) return request.format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

export async function sendList<Row extends object, Item extends object>(
  req: Request,
  res: Response,
  db: Tx,
  spec: ListSpec<Row, Item>,
  request: ListRequest,
  scope: { scope?: SQL; scopeKey?: string } = {},
): Promise<void> {
  res.vary('Accept').vary('Prefer');
  if (wantsCsv(req, request)) {
    if (request.expand.length > 0) {
      throw HttpProblem.invalidParameters([{ parameter: 'expand', detail: 'cannot be used with CSV' }]);
    }
    await sendCsv(req, res, db, spec, request, scope);
    return;
  }
  const count = wantsExactCount(req);
  const { page, totalCount } = runList(db, spec, request, { ...scope, count });
  if (count) res.set('Preference-Applied', 'count=exact');
  sendPage(req, res, count ? { ...page, totalCount } : page);
}

/** The query of a single read: only `fields` and `expand`. */
export function itemQuery<Row extends object, Item extends object>(spec: ListSpec<Row, Item>) {
  const expandable = Object.keys(spec.expand ?? {});
  const list = (name: string, allowed: readonly string[]) =>
    z
      .string({ error: 'must be given once' })
      .transform((value, ctx) => {
        const items = value.split(',').map((s) => s.trim());
        const unknown = items.filter((i) => !allowed.includes(i));
        if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown ${name} ${unknown.join(', ')}; allowed: ${allowed.join(', ')}` });
        return items;
      })
      .optional()
      .meta({ description: `Comma list: ${allowed.join(', ')}`, type: 'string' });
  return z.strictObject({ fields: list('field', spec.fields), expand: list('expansion', expandable) });
}

/**
 * Sends one item as a single read shows it: expanded and projected as asked, with the ETag of the
 * item's version. An expanded read embeds records with versions of their own, so it is never
 * answered 304 from the item's version alone.
 */
export function sendView<Row extends object, Item extends { version: number }>(
  req: Request,
  res: Response,
  db: Tx,
  spec: ListSpec<Row, Item>,
  item: Item,
  query: { fields?: string[]; expand?: string[] },
): void {
  const expand = query.expand ?? [];
  for (const name of expand) spec.expand![name]!.load(db, [item]);
  sendResource(req, res, project(spec, item, { fields: query.fields, expand }), { version: item.version, conditional: expand.length === 0 });
}

/**
 * The documented item of reads: the whole resource with its optional expansions, or (with
 * `fields`) the chosen members only.
 */
export function viewSchema(id: string, full: z.ZodObject, expansions: Record<string, z.ZodType> = {}, keyFields: readonly string[] = ['id']) {
  const optional = Object.fromEntries(Object.entries(expansions).map(([name, schema]) => [name, schema.optional()]));
  const keys = Object.fromEntries(keyFields.map((name) => [name, full.shape[name]!]));
  return z
    .union([full.extend(optional), full.partial().extend({ ...keys, ...optional })])
    .meta({ id, description: 'The resource (with expand=, related resources embedded); with fields=, only the chosen members and id' });
}

export const listResponse = (description: string, item: z.ZodType): ResponseSpec => ({
  description: `${description}. With Prefer: count=exact, also totalCount. With Accept: text/csv or format=csv, CSV.`,
  schema: pageSchema(item).extend({ totalCount: z.int().optional() }),
  headers: ['Link'],
  csv: true,
});
