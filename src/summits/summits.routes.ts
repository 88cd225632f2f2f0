import { z } from 'zod';
import { createAll } from '../http/bulk.js';
import { itemQuery, listQuery, listReply, listResponse, viewReply } from '../http/list.js';
import { idParam, idParams } from '../http/params.js';
import { HttpProblem, problemResponses } from '../http/problem.js';
import { checkPreconditions, mergePatchBody, patchedInput } from '../http/resource.js';
import { createdResponse, deletedResponse, notModifiedResponse, resourceResponse } from '../http/responses.js';
import { defineRoute, JSON_TYPES, type Resource, type Route, type RouteDeps } from '../http/route.js';
import {
  createSummit,
  deleteParticipation,
  deleteSummit,
  getParticipation,
  getSummit,
  putParticipation,
  replaceSummit,
  requireSummit,
} from './summits.queries.js';
import { ofSummit, participationList, participationListView, summitList, summitView } from './summits.list.js';
import { participationBody, participationSchema, summitBody, summitSchema } from './summits.schemas.js';

const COLLECTION = '/v1/summits';
const tag = {
  name: 'Summits',
  description: 'Summits and meetings, and who takes part in them in what role.',
};
const tags = [tag.name];
const params = idParams('smt');
const participationParams = z.object({ id: idParam('smt'), participantId: idParam('par') });

function routes({ db }: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: COLLECTION,
      operationId: 'listSummits',
      summary: 'List summits',
      tags,
      query: listQuery(summitList),
      responses: { 200: listResponse('A page of summits', summitView) },
      handler: ({ query }) => listReply(db, summitList, query),
    }),
    defineRoute({
      method: 'post',
      path: COLLECTION,
      operationId: 'createSummit',
      summary: 'Create a summit, or many at once',
      tags,
      body: summitBody,
      responses: { 201: createdResponse(summitSchema) },
      handler: ({ body }) => {
        const summit = db.transaction((tx) => createSummit(tx, body));
        return { status: 201 as const, body: summit, location: `${COLLECTION}/${summit.id}` };
      },
      bulk: ({ body }) => ({ status: 201 as const, body: { data: createAll(db, body, createSummit) } }),
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
      handler: ({ params, query }) => {
        const summit = getSummit(db, params.id);
        if (!summit) throw HttpProblem.notFound('Summit', params.id);
        return viewReply(db, summitList, summit, query);
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
      handler: ({ params, body, req }) => ({
        status: 200 as const,
        body: db.transaction((tx) => replaceSummit(tx, params.id, () => body, (v) => checkPreconditions(req, v))),
      }),
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
      handler: ({ params, body, req }) => ({
        status: 200 as const,
        body: db.transaction((tx) =>
          replaceSummit(tx, params.id, (current) => patchedInput(summitBody, current, body), (v) => checkPreconditions(req, v)),
        ),
      }),
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
      handler: ({ params, req }) => {
        db.transaction((tx) => deleteSummit(tx, params.id, (v) => checkPreconditions(req, v)));
        return { status: 204 as const };
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
      responses: { 200: listResponse('A page of participations', participationListView) },
      handler: ({ params, query }) => {
        requireSummit(db, params.id);
        return listReply(db, participationList, query, ofSummit(params.id));
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
      handler: ({ params, query }) => {
        const participation = getParticipation(db, params.id, params.participantId);
        if (!participation) {
          throw new HttpProblem('not_found', `Participant ${params.participantId} does not take part in summit ${params.id}`);
        }
        return viewReply(db, participationList, participationList.present(db, [participation])[0]!, query);
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
      handler: ({ params, body, req }) => {
        const { participation, created } = db.transaction((tx) =>
          putParticipation(tx, params.id, params.participantId, body, (v) => checkPreconditions(req, v)),
        );
        return created
          ? { status: 201 as const, body: participation, location: `${COLLECTION}/${params.id}/participants/${params.participantId}` }
          : { status: 200 as const, body: participation };
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
      handler: ({ params, req }) => {
        db.transaction((tx) => deleteParticipation(tx, params.id, params.participantId, (v) => checkPreconditions(req, v)));
        return { status: 204 as const };
      },
    }),
  ];
}

export const summitResource: Resource = { tag, routes };
