// /v1/positions: the offices persons held, over time; and each person's, under /v1/participants.
import { createAll } from '../http/bulk.js';
import { itemQuery, listQuery, listReply, listResponse, viewReply } from '../http/list.js';
import { idParams } from '../http/params.js';
import { HttpProblem } from '../http/problem.js';
import { checkPreconditions, mergePatchBody, patchedInput } from '../http/resource.js';
import { createdResponse, deletedResponse, notModifiedResponse, resourceResponse } from '../http/responses.js';
import { defineRoute, JSON_TYPES, type Resource, type Route, type RouteDeps } from '../http/route.js';
import { getParticipant } from '../participants/participants.queries.js';
import { ofPerson, positionList, positionView } from './positions.list.js';
import { createPosition, deletePosition, getPosition, replacePosition } from './positions.queries.js';
import { positionBody, positionSchema } from './positions.schemas.js';

const COLLECTION = '/v1/positions';
const tag = {
  name: 'Positions',
  description:
    'The offices persons held, over time: Fumio Kishida, Prime Minister of Japan from 2021-10-04 to 2024-10-01. A participation shows the office held on the summit’s date (officeHeld), so a later change of office leaves old records true.',
};
const tags = [tag.name];
const params = idParams('pos');

function routes({ db }: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: COLLECTION,
      operationId: 'listPositions',
      summary: 'List positions',
      description:
        'Who was Prime Minister of Japan on 2023-05-19: office=Prime Minister&organizationId=<Japan>&heldOn=2023-05-19.',
      tags,
      query: listQuery(positionList),
      responses: { 200: listResponse('A page of positions', positionView) },
      handler: ({ query }) => listReply(db, positionList, query),
    }),
    defineRoute({
      method: 'post',
      path: COLLECTION,
      operationId: 'createPosition',
      summary: 'Record a position, or many at once',
      description: 'personId must be a person and organizationId a country or an organization (422).',
      tags,
      body: positionBody,
      responses: { 201: createdResponse(positionSchema) },
      handler: ({ body }) => {
        const position = db.transaction((tx) => createPosition(tx, body));
        return { status: 201 as const, body: position, location: `${COLLECTION}/${position.id}` };
      },
      bulk: ({ body }) => ({ status: 201 as const, body: { data: createAll(db, body, createPosition) } }),
    }),
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}`,
      operationId: 'getPosition',
      summary: 'Read a position',
      tags,
      params,
      query: itemQuery(positionList),
      responses: { 200: resourceResponse('The position', positionView), 304: notModifiedResponse },
      handler: ({ params, query }) => {
        const position = getPosition(db, params.id);
        if (!position) throw HttpProblem.notFound('Position', params.id);
        return viewReply(db, positionList, position, query);
      },
    }),
    defineRoute({
      method: 'put',
      path: `${COLLECTION}/{id}`,
      operationId: 'replacePosition',
      summary: 'Replace a position',
      tags,
      params,
      body: positionBody,
      responses: { 200: resourceResponse('Replaced', positionSchema) },
      handler: ({ params, body, req }) => ({
        status: 200 as const,
        body: db.transaction((tx) => replacePosition(tx, params.id, () => body, (v) => checkPreconditions(req, v))),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: `${COLLECTION}/{id}`,
      operationId: 'updatePosition',
      summary: 'Update a position (JSON Merge Patch)',
      description: 'Closing an office: {"endDate": "2024-10-01"}; reopening it: {"endDate": null}.',
      tags,
      params,
      body: mergePatchBody('PositionInput', { endDate: '2024-10-01' }),
      bodyTypes: JSON_TYPES,
      responses: { 200: resourceResponse('Updated', positionSchema) },
      handler: ({ params, body, req }) => ({
        status: 200 as const,
        body: db.transaction((tx) =>
          replacePosition(tx, params.id, (current) => patchedInput(positionBody, current, body), (v) => checkPreconditions(req, v)),
        ),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: `${COLLECTION}/{id}`,
      operationId: 'deletePosition',
      summary: 'Delete a position',
      tags,
      params,
      responses: { 204: deletedResponse },
      handler: ({ params, req }) => {
        db.transaction((tx) => deletePosition(tx, params.id, (v) => checkPreconditions(req, v)));
        return { status: 204 as const };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/participants/{id}/positions',
      operationId: 'listParticipantPositions',
      summary: 'List the positions a person held',
      description: 'The same list as /v1/positions?personId=<id>; 404 when the participant does not exist.',
      tags,
      params: idParams('par'),
      query: listQuery(positionList),
      responses: { 200: listResponse('A page of the person’s positions', positionView) },
      handler: ({ params, query }) => {
        if (!getParticipant(db, params.id)) throw HttpProblem.notFound('Participant', params.id);
        return listReply(db, positionList, query, ofPerson(params.id));
      },
    }),
  ];
}

export const positionResource: Resource = { tag, routes };
