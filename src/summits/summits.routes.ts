import { z } from 'zod';
import type { Db } from '../db/client.js';
import { idPattern } from '../http/fields.js';
import { createAll } from '../http/bulk.js';
import { listQuery, listQueryDoc } from '../http/list-query.js';
import { itemQuery, listResponse, sendList, sendView } from '../http/list-response.js';
import { idParams } from '../http/params.js';
import { HttpProblem, problemResponses } from '../http/problem.js';
import { checkIfMatch, mergePatchBody, patchedInput, sendCreated, sendResource } from '../http/resource.js';
import { createdResponse, deletedResponse, notModifiedResponse, resourceResponse } from '../http/responses.js';
import { defineRoute, JSON_TYPES, type Route } from '../http/route.js';
import {
  createSummit,
  deleteParticipation,
  deleteSummit,
  getParticipation,
  getSummit,
  putParticipation,
  replaceSummit,
} from './summits.queries.js';
import { ofSummit, participationList, participationListView, summitList, summitView } from './summits.list.js';
import { participationBody, participationSchema, summitBody, summitSchema } from './summits.schemas.js';

const COLLECTION = '/v1/summits';
const tags = ['Summits'];
const params = idParams('smt');
const participationParams = z.object({
  id: z.string().regex(idPattern('smt')),
  participantId: z.string().regex(idPattern('par')),
});

export function summitRoutes(db: Db): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: COLLECTION,
      operationId: 'listSummits',
      summary: 'List summits',
      tags,
      query: listQuery(summitList),
      queryDoc: listQueryDoc(summitList),
      responses: { 200: listResponse('A page of summits', summitView) },
      handler: ({ query, req, res }) => sendList(req, res, db, summitList, query),
    }),
    defineRoute({
      method: 'post',
      path: COLLECTION,
      operationId: 'createSummit',
      summary: 'Create a summit, or many at once',
      tags,
      body: summitBody,
      responses: { 201: createdResponse(summitSchema) },
      handler: ({ body, req, res }) => sendCreated(req, res, createSummit(db, body), COLLECTION),
      bulk: ({ body, res }) => {
        res.status(201).json({ data: createAll(db, body, createSummit) });
      },
    }),
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}`,
      operationId: 'getSummit',
      summary: 'Read a summit',
      tags,
      params,
      query: itemQuery(summitList),
      responses: { 200: resourceResponse('The summit', summitView), 304: notModifiedResponse },
      handler: ({ params, query, req, res }) => {
        const summit = getSummit(db, params.id);
        if (!summit) throw HttpProblem.notFound('Summit', params.id);
        sendView(req, res, db, summitList, summit, query);
      },
    }),
    defineRoute({
      method: 'put',
      path: `${COLLECTION}/{id}`,
      operationId: 'replaceSummit',
      summary: 'Replace a summit',
      tags,
      params,
      body: summitBody,
      responses: { 200: resourceResponse('Replaced', summitSchema) },
      handler: ({ params, body, req, res }) =>
        sendResource(req, res, replaceSummit(db, params.id, () => body, (v) => checkIfMatch(req, v))),
    }),
    defineRoute({
      method: 'patch',
      path: `${COLLECTION}/{id}`,
      operationId: 'updateSummit',
      summary: 'Update a summit (JSON Merge Patch)',
      tags,
      params,
      body: mergePatchBody('SummitInput', { dateNote: 'Upcoming at the time of the source article' }),
      bodyTypes: JSON_TYPES,
      responses: { 200: resourceResponse('Updated', summitSchema) },
      handler: ({ params, body, req, res }) =>
        sendResource(
          req,
          res,
          replaceSummit(db, params.id, (current) => patchedInput(summitBody, current, body), (v) => checkIfMatch(req, v)),
        ),
    }),
    defineRoute({
      method: 'delete',
      path: `${COLLECTION}/{id}`,
      operationId: 'deleteSummit',
      summary: 'Delete a summit and its participations',
      description: 'Refused with 409 while agreements or commitments refer to it.',
      tags,
      params,
      responses: { 204: deletedResponse, ...problemResponses(409) },
      handler: ({ params, req, res }) => {
        deleteSummit(db, params.id, (v) => checkIfMatch(req, v));
        res.status(204).end();
      },
    }),

    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}/participants`,
      operationId: 'listSummitParticipations',
      summary: 'List who takes part in a summit',
      tags,
      params,
      query: listQuery(participationList),
      queryDoc: listQueryDoc(participationList),
      responses: { 200: listResponse('A page of participations', participationListView) },
      handler: ({ params, query, req, res }) => {
        if (!getSummit(db, params.id)) throw HttpProblem.notFound('Summit', params.id);
        return sendList(req, res, db, participationList, query, ofSummit(params.id));
      },
    }),
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}/participants/{participantId}`,
      operationId: 'getSummitParticipation',
      summary: 'Read one participation',
      tags,
      params: participationParams,
      query: itemQuery(participationList),
      responses: { 200: resourceResponse('The participation', participationListView), 304: notModifiedResponse },
      handler: ({ params, query, req, res }) => {
        const participation = getParticipation(db, params.id, params.participantId);
        if (!participation) {
          throw new HttpProblem('not_found', `Participant ${params.participantId} does not take part in summit ${params.id}`);
        }
        sendView(req, res, db, participationList, participation, query);
      },
    }),
    defineRoute({
      method: 'put',
      path: `${COLLECTION}/{id}/participants/{participantId}`,
      operationId: 'putSummitParticipation',
      summary: 'Create or replace a participation',
      tags,
      params: participationParams,
      body: participationBody,
      responses: {
        200: resourceResponse('Replaced', participationSchema),
        201: createdResponse(participationSchema),
      },
      handler: ({ params, body, req, res }) => {
        const { participation, created } = putParticipation(db, params.id, params.participantId, body, (v) => checkIfMatch(req, v));
        sendResource(req, res, participation, {
          status: created ? 201 : 200,
          location: created ? `${COLLECTION}/${params.id}/participants/${params.participantId}` : undefined,
        });
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${COLLECTION}/{id}/participants/{participantId}`,
      operationId: 'deleteSummitParticipation',
      summary: 'Remove a participation',
      description: 'Refused with 409 while other delegations at the summit act on its behalf.',
      tags,
      params: participationParams,
      responses: { 204: deletedResponse, ...problemResponses(409) },
      handler: ({ params, req, res }) => {
        deleteParticipation(db, params.id, params.participantId, (v) => checkIfMatch(req, v));
        res.status(204).end();
      },
    }),
  ];
}
