// The success responses of the route declarations, with the headers each one carries.
import type { z } from 'zod';
import { pageSchema } from './list.js';
import type { ResponseHeader } from './route.js';

/** One resource, with its ETag. */
export const resourceResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  schema,
  headers: ['ETag'] as ResponseHeader[],
});

export const createdResponse = <T extends z.ZodType>(schema: T) => ({
  description: 'Created',
  schema,
  headers: ['ETag', 'Location'] as ResponseHeader[],
});

export const pageResponse = (description: string, item: z.ZodType) => ({
  description,
  schema: pageSchema(item),
  headers: ['Link'] as ResponseHeader[],
  /** A page computed in memory: it writes itself, like a list, but has no CSV form. */
  paged: true as const,
});

export const notModifiedResponse = {
  description: 'Not modified: the ETag in If-None-Match is the current one',
  headers: ['ETag'] as ResponseHeader[],
};

export const deletedResponse = { description: 'Deleted' };
