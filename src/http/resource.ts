// What every single-resource response shares: strong ETags from `version`, conditional requests,
// Location on create, and JSON Merge Patch.
import type { Request, Response } from 'express';
import { z } from 'zod';
import { writableOf } from '../db/records.js';
import { HttpProblem } from './problem.js';
import { bodyErrors } from './validation.js';

export const etagOf = (version: number) => `"${version}"`;

/** One entity tag of an `If-Match` or `If-None-Match` list: `"1"` or `W/"1"`; anything else names nothing. */
const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;

/**
 * Which versions an `If-Match` or `If-None-Match` header names; `*` names any. Tags compare as
 * strings, so `"01"` is not version 1. `If-Match` compares strongly (RFC 9110 §13.1.1: a weak tag
 * never matches) and `If-None-Match` weakly (§13.1.2: `W/"2"` matches `"2"`), whatever the method.
 */
function acceptedVersions(header: string | undefined, comparison: 'strong' | 'weak'): ((version: number) => boolean) | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return () => true;
  const tags = new Set<string>();
  for (const item of header.split(',')) {
    const tag = ENTITY_TAG.exec(item.trim());
    if (tag && (comparison === 'weak' || !tag[1])) tags.add(tag[2]!);
  }
  return (version) => tags.has(String(version));
}

/**
 * Throws 412 when a write's preconditions fail (RFC 9110 §13.1): an `If-Match` that the current
 * version does not satisfy, or an `If-None-Match` that it does (`*`: the resource exists at all,
 * which makes a PUT create-only). `undefined` means the resource does not exist yet, which no
 * `If-Match` (not even `*`) matches and every `If-None-Match` accepts.
 */
export function checkPreconditions(req: Request, currentVersion: number | undefined): void {
  const matches = acceptedVersions(req.get('If-Match'), 'strong');
  if (matches) {
    if (currentVersion === undefined) {
      throw new HttpProblem('precondition_failed', 'If-Match was sent but the resource does not exist yet');
    }
    if (!matches(currentVersion)) {
      throw new HttpProblem(
        'precondition_failed',
        `If-Match does not match the current version (ETag "${currentVersion}"); fetch it again and retry`,
      );
    }
  }
  const noneMatch = acceptedVersions(req.get('If-None-Match'), 'weak');
  if (noneMatch && currentVersion !== undefined && noneMatch(currentVersion)) {
    throw new HttpProblem(
      'precondition_failed',
      req.get('If-None-Match')!.trim() === '*'
        ? 'If-None-Match: * was sent but the resource already exists'
        : `If-None-Match matches the current version (ETag "${currentVersion}")`,
    );
  }
}

/** Sends one resource with its ETag, answering 304 to a GET whose `If-None-Match` matches. */
export function sendResource(
  req: Request,
  res: Response,
  resource: object,
  options: { status?: number; location?: string; version?: number; conditional?: boolean } = {},
): void {
  const version = options.version ?? (resource as { version: number }).version;
  res.set('ETag', etagOf(version));
  if (options.location) res.set('Location', options.location);
  if ((req.method === 'GET' || req.method === 'HEAD') && options.conditional !== false) {
    const accepts = acceptedVersions(req.get('If-None-Match'), 'weak');
    if (accepts?.(version)) {
      res.status(304).end();
      return;
    }
  }
  // Written with end(), not json(): res.send() would answer 304 by itself whenever the ETag
  // matches, even where this function has decided the read must not be (an expanded one).
  const body = JSON.stringify(resource);
  res
    .status(options.status ?? 200)
    .set('Content-Type', 'application/json; charset=utf-8')
    .set('Content-Length', String(Buffer.byteLength(body)))
    .end(body);
}

/** RFC 7396: objects merge key by key, `null` removes, everything else (arrays too) replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    // defineProperty, so that a "__proto__" member stays a member (and is rejected as unknown).
    else {
      const current = Object.hasOwn(result, key) ? result[key] : undefined; // never Object's own __proto__ or constructor
      Object.defineProperty(result, key, { value: mergePatch(current, value), enumerable: true, writable: true, configurable: true });
    }
  }
  return result;
}

/** Applies a merge patch to the stored resource and validates the result as a whole replacement. */
export function patchedInput<T>(schema: z.ZodType<T>, current: Record<string, unknown>, patch: Record<string, unknown>): T {
  const parsed = schema.safeParse(mergePatch(writableOf(current), patch));
  if (!parsed.success) throw HttpProblem.invalid(bodyErrors(parsed.error));
  return parsed.data;
}

/**
 * The body of a PATCH: any JSON object, validated once merged into the stored resource. A custom
 * check rather than z.record, which copies members into a new object and so loses a "__proto__" one.
 */
export const mergePatchBody = (of: string, example: Record<string, unknown>) =>
  z
    .custom<Record<string, unknown>>(
      (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
      'must be a JSON object (a merge patch)',
    )
    .meta({ description: `JSON Merge Patch (RFC 7396) of ${of}: absent members stay, null clears`, type: 'object', example });
