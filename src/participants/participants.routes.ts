import { z } from 'zod';
import type { Db } from '../db/client.js';
import { pageQuery, sendPage } from '../http/list.js';
import { idParams } from '../http/params.js';
import { HttpProblem, problemResponses } from '../http/problem.js';
import { checkIfMatch, mergePatchBody, patchedInput, sendCreated, sendResource } from '../http/resource.js';
import { createdResponse, deletedResponse, notModifiedResponse, pageResponse, resourceResponse } from '../http/responses.js';
import { defineRoute, JSON_TYPES, type Route } from '../http/route.js';
import {
  createParticipant,
  deleteParticipant,
  getParticipant,
  listParticipants,
  replaceParticipant,
} from './participants.queries.js';
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
      query: pageQuery,
      responses: { 200: pageResponse('A page of participants', participantSchema) },
      handler: ({ query, req, res }) => sendPage(req, res, listParticipants(db, query)),
    }),
    defineRoute({
      method: 'post',
      path: COLLECTION,
      operationId: 'createParticipant',
      summary: 'Create a participant',
      tags,
      body: participantBody,
      responses: { 201: createdResponse(participantSchema), ...problemResponses(409) },
      handler: ({ body, req, res }) => sendCreated(req, res, createParticipant(db, body), COLLECTION),
    }),
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}`,
      operationId: 'getParticipant',
      summary: 'Read a participant',
      tags,
      params,
      responses: { 200: resourceResponse('The participant', participantSchema), 304: notModifiedResponse },
      handler: ({ params, req, res }) => {
        const participant = getParticipant(db, params.id);
        if (!participant) throw HttpProblem.notFound('Participant', params.id);
        sendResource(req, res, participant);
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
