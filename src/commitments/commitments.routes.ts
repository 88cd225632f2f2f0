import { createAll } from '../http/bulk.js';
import { itemQuery, listQuery, listReply, listResponse, viewReply } from '../http/list.js';
import { idParams } from '../http/params.js';
import { HttpProblem, problemResponses } from '../http/problem.js';
import { checkPreconditions, mergePatchBody, patchedInput } from '../http/resource.js';
import { createdResponse, deletedResponse, notModifiedResponse, resourceResponse } from '../http/responses.js';
import { defineRoute, JSON_TYPES, type Resource, type Route, type RouteDeps } from '../http/route.js';
import { resolveCsvParticipants } from './commitments.csv.js';
import { commitmentList, commitmentView } from './commitments.list.js';
import { createCommitment, deleteCommitment, getCommitment, replaceCommitment } from './commitments.queries.js';
import { commitmentBody, commitmentSchema } from './commitments.schemas.js';

const COLLECTION = '/v1/commitments';
const tag = {
  name: 'Commitments',
  description: 'Specific public statements of intent about future action, made by one or more participants.',
};
const tags = [tag.name];
const params = idParams('cmt');

function routes({ db, clock }: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: COLLECTION,
      operationId: 'listCommitments',
      summary: 'List commitments',
      tags,
      query: listQuery(commitmentList),
      responses: { 200: listResponse('A page of commitments', commitmentView) },
      handler: ({ query }) => listReply(db, commitmentList, query, { context: { today: clock().toISOString().slice(0, 10) } }),
    }),
    defineRoute({
      method: 'post',
      path: COLLECTION,
      operationId: 'createCommitment',
      summary: 'Create a commitment with its parties, themes and targets, or many at once',
      description:
        'A JSON object, a JSON array (all or none), or text/csv with the columns of the CSV export. In CSV, a parties cell may hold JSON or ' +
        '<participant>:<role> entries joined by ";" (JPN:pledger;KAZ:pledger), and proposedById a participant alone, where a participant is its id ' +
        'or its iso3 code; an iso3 code that no participant (or more than one) has is refused with 422 at #/<row>/parties/<entry>/participantId.',
      tags,
      body: commitmentBody,
      responses: { 201: createdResponse(commitmentSchema), ...problemResponses(409) },
      handler: ({ body }) => {
        const commitment = db.transaction((tx) => createCommitment(tx, body));
        return { status: 201 as const, body: commitment, location: `${COLLECTION}/${commitment.id}` };
      },
      bulk: ({ body }) => ({ status: 201 as const, body: { data: createAll(db, body, createCommitment) } }),
      csvRows: (rows) => resolveCsvParticipants(db, rows),
    }),
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}`,
      operationId: 'getCommitment',
      summary: 'Read a commitment',
      tags,
      params,
      query: itemQuery(commitmentList),
      responses: { 200: resourceResponse('The commitment', commitmentView), 304: notModifiedResponse },
      handler: ({ params, query }) => {
        const commitment = getCommitment(db, params.id);
        if (!commitment) throw HttpProblem.notFound('Commitment', params.id);
        return viewReply(db, commitmentList, commitment, query);
      },
    }),
    defineRoute({
      method: 'put',
      path: `${COLLECTION}/{id}`,
      operationId: 'replaceCommitment',
      summary: 'Replace a commitment',
      tags,
      params,
      body: commitmentBody,
      responses: { 200: resourceResponse('Replaced', commitmentSchema), ...problemResponses(409) },
      handler: ({ params, body, req }) => ({
        status: 200 as const,
        body: db.transaction((tx) => replaceCommitment(tx, params.id, () => body, (v) => checkPreconditions(req, v))),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: `${COLLECTION}/{id}`,
      operationId: 'updateCommitment',
      summary: 'Update a commitment (JSON Merge Patch; arrays are replaced whole)',
      tags,
      params,
      body: mergePatchBody('CommitmentInput', { isPriority: true }),
      bodyTypes: JSON_TYPES,
      responses: { 200: resourceResponse('Updated', commitmentSchema), ...problemResponses(409) },
      handler: ({ params, body, req }) => ({
        status: 200 as const,
        body: db.transaction((tx) =>
          replaceCommitment(tx, params.id, (current) => patchedInput(commitmentBody, current, body), (v) => checkPreconditions(req, v)),
        ),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: `${COLLECTION}/{id}`,
      operationId: 'deleteCommitment',
      summary: 'Delete a commitment',
      description: 'Refused with 409 while progress updates or assessments refer to it; set status=withdrawn instead.',
      tags,
      params,
      responses: { 204: deletedResponse, ...problemResponses(409) },
      handler: ({ params, req }) => {
        db.transaction((tx) => deleteCommitment(tx, params.id, (v) => checkPreconditions(req, v)));
        return { status: 204 as const };
      },
    }),

  ];
}

export const commitmentResource: Resource = { tag, routes };
