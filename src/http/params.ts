import { z } from 'zod';
import { idPattern } from './fields.js';

/** Path parameters `{id}` of a resource with the given id prefix. */
export const idParams = (prefix: string) => z.object({ id: z.string().regex(idPattern(prefix)) });
