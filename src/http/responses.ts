// The success responses of the route declarations, with the headers each one carries.
import type { z } from 'zod';
import { pageSchema } from './list.js';
import type { ResponseSpec } from './route.js';

/** One resource, with its ETag. */
export const resourceResponse = (description: string, schema: z.ZodType): ResponseSpec => ({
  description,
  schema,
  headers: ['ETag'],
});

export const createdResponse = (schema: z.ZodType): ResponseSpec => ({
  description: 'Created',
  schema,
  headers: ['ETag', 'Location'],
});

export const pageResponse = (description: string, item: z.ZodType): ResponseSpec => ({
  description,
  schema: pageSchema(item),
  headers: ['Link'],
});

export const notModifiedResponse: ResponseSpec = {
  description: 'Not modified: the ETag in If-None-Match is the current one',
  headers: ['ETag'],
};

export const deletedResponse: ResponseSpec = { description: 'Deleted' };
