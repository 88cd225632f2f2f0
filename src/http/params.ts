import { z } from 'zod';
import { idPattern } from './fields.js';

/** An example id of the prefix: what generated clients and the Postman collection put in its place. */
const exampleId = (prefix: string) => `${prefix}_01HZY${'0'.repeat(21)}`;

/** A path parameter holding an id of the given prefix. */
export const idParam = (prefix: string) => z.string().regex(idPattern(prefix)).meta({ example: exampleId(prefix) });

/** Path parameters `{id}` of a resource with the given id prefix. */
export const idParams = (prefix: string) => z.object({ id: idParam(prefix) });
