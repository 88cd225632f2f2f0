import type { Db } from '../db/client.js';
import { createAll } from '../http/bulk.js';
import { listQuery, listQueryDoc } from '../http/list-query.js';
import { itemQuery, listResponse, sendList, sendView } from '../http/list-response.js';
import { idParams } from '../http/params.js';
import { HttpProblem, problemResponses } from '../http/problem.js';
import { checkIfMatch, mergePatchBody, patchedInput, sendCreated, sendResource } from '../http/resource.js';
import { createdResponse, deletedResponse, notModifiedResponse, resourceResponse } from '../http/responses.js';
import { defineRoute, JSON_TYPES, type Route } from '../http/route.js';
import {
  createParticipant,
  deleteParticipant,
  getParticipant,
  replaceParticipant,
} from './participants.queries.js';
import { participantList, participantView } from './participants.list.js';
import { participantBody, participantSchema } from './participants.schemas.js';

const COLLECTION = '/v1/participants';
const tags = ['Participants'];
const params = idParams('par');

export function participantRoutes(db: Db): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: COLLECTION,
      operationId: 'listParticipants',
      summary: 'List participants',
      tags,
      query: listQuery(participantList),
      queryDoc: listQueryDoc(participantList),
      responses: { 200: listResponse('A page of participants', participantView) },
      handler: ({ query, req, res }) => sendList(req, res, db, participantList, query),
    }),
    defineRoute({
      method: 'post',
      path: COLLECTION,
      operationId: 'createParticipant',
      summary: 'Create a participant, or many at once',
      tags,
      body: participantBody,
      responses: { 201: createdResponse(participantSchema), ...problemResponses(409) },
      handler: ({ body, req, res }) => sendCreated(req, res, createParticipant(db, body), COLLECTION),
      bulk: ({ body, res }) => {
        res.status(201).json({ data: createAll(db, body, createParticipant) });
      },
    }),
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}`,
      operationId: 'getParticipant',
      summary: 'Read a participant',
      tags,
      params,
      query: itemQuery(participantList),
      responses: { 200: resourceResponse('The participant', participantView), 304: notModifiedResponse },
      handler: ({ params, query, req, res }) => {
        const participant = getParticipant(db, params.id);
        if (!participant) throw HttpProblem.notFound('Participant', params.id);
        sendView(req, res, db, participantList, participant, query);
      },
    }),
    defineRoute({
      method: 'put',
      path: `${COLLECTION}/{id}`,
      operationId: 'replaceParticipant',
      summary: 'Replace a participant',
      tags,
      params,
      body: participantBody,
      responses: { 200: resourceResponse('Replaced', participantSchema), ...problemResponses(409) },
      handler: ({ params, body, req, res }) =>
        sendResource(req, res, replaceParticipant(db, params.id, () => body, (v) => checkIfMatch(req, v))),
    }),
    defineRoute({
      method: 'patch',
      path: `${COLLECTION}/{id}`,
      operationId: 'updateParticipant',
      summary: 'Update a participant (JSON Merge Patch)',
      tags,
      params,
      body: mergePatchBody('ParticipantInput', { shortName: 'Japan' }),
      bodyTypes: JSON_TYPES,
      responses: { 200: resourceResponse('Updated', participantSchema), ...problemResponses(409) },
      handler: ({ params, body, req, res }) =>
        sendResource(
          req,
          res,
          replaceParticipant(db, params.id, (current) => patchedInput(participantBody, current, body), (v) => checkIfMatch(req, v)),
        ),
    }),
    defineRoute({
      method: 'delete',
      path: `${COLLECTION}/{id}`,
      operationId: 'deleteParticipant',
      summary: 'Delete a participant',
      description: 'Refused with 409 while summits, agreement actions or commitments refer to it.',
      tags,
      params,
      responses: { 204: deletedResponse, ...problemResponses(409) },
      handler: ({ params, req, res }) => {
        deleteParticipant(db, params.id, (v) => checkIfMatch(req, v));
        res.status(204).end();
      },
    }),
  ];
}
