import { createAll } from '../http/bulk.js';
import { itemQuery, listQuery, listReply, listResponse, viewReply } from '../http/list.js';
import { idParams } from '../http/params.js';
import { HttpProblem, problemResponses } from '../http/problem.js';
import { checkPreconditions, mergePatchBody, patchedInput } from '../http/resource.js';
import { createdResponse, deletedResponse, notModifiedResponse, resourceResponse } from '../http/responses.js';
import { defineRoute, JSON_TYPES, type Resource, type Route, type RouteDeps } from '../http/route.js';
import { createParticipant, deleteParticipant, getParticipant, replaceParticipant } from './participants.queries.js';
import { participantList, participantView } from './participants.list.js';
import { participantProfile, profileSchema } from './participants.profile.js';
import { participantBody, participantSchema } from './participants.schemas.js';

const COLLECTION = '/v1/participants';
const tag = {
  name: 'Participants',
  description: 'Countries, organizations and persons that take part in summits and make commitments.',
};
const tags = [tag.name];
const params = idParams('par');

function routes({ db, clock }: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: COLLECTION,
      operationId: 'listParticipants',
      summary: 'List participants',
      tags,
      query: listQuery(participantList),
      responses: { 200: listResponse('A page of participants', participantView) },
      handler: ({ query }) => listReply(db, participantList, query),
    }),
    defineRoute({
      method: 'post',
      path: COLLECTION,
      operationId: 'createParticipant',
      summary: 'Create a participant, or many at once',
      tags,
      body: participantBody,
      responses: { 201: createdResponse(participantSchema), ...problemResponses(409) },
      handler: ({ body }) => {
        const participant = db.transaction((tx) => createParticipant(tx, body));
        return { status: 201 as const, body: participant, location: `${COLLECTION}/${participant.id}` };
      },
      bulk: ({ body }) => ({ status: 201 as const, body: { data: createAll(db, body, createParticipant) } }),
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
      handler: ({ params, query }) => {
        const participant = getParticipant(db, params.id);
        if (!participant) throw HttpProblem.notFound('Participant', params.id);
        return viewReply(db, participantList, participant, query);
      },
    }),
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}/profile`,
      operationId: 'getParticipantProfile',
      summary: 'A participant’s summits and roles, agreement standings, commitments by progress status, and compliance figures',
      description:
        'Agreement standings are as of today (a withdrawal not yet in effect leaves a party a party). Compliance figures count the latest final report per summit, as /v1/stats/compliance does.',
      tags,
      params,
      responses: { 200: { description: 'The profile', schema: profileSchema } },
      handler: ({ params }) => {
        const participant = getParticipant(db, params.id);
        if (!participant) throw HttpProblem.notFound('Participant', params.id);
        return { status: 200 as const, body: participantProfile(db, participant, clock().toISOString().slice(0, 10)) };
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
      handler: ({ params, body, req }) => ({
        status: 200 as const,
        body: db.transaction((tx) => replaceParticipant(tx, params.id, () => body, (v) => checkPreconditions(req, v))),
      }),
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
      handler: ({ params, body, req }) => ({
        status: 200 as const,
        body: db.transaction((tx) =>
          replaceParticipant(tx, params.id, (current) => patchedInput(participantBody, current, body), (v) => checkPreconditions(req, v)),
        ),
      }),
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
      handler: ({ params, req }) => {
        db.transaction((tx) => deleteParticipant(tx, params.id, (v) => checkPreconditions(req, v)));
        return { status: 204 as const };
      },
    }),
  ];
}

export const participantResource: Resource = { tag, routes };
