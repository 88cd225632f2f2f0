// /v1/memberships: which groups participants belong to, over time; and each member's, under /v1/participants.
import { createAll } from '../http/bulk.js';
import { itemQuery, listQuery, listReply, listResponse, viewReply } from '../http/list.js';
import { idParams } from '../http/params.js';
import { HttpProblem } from '../http/problem.js';
import { checkPreconditions, mergePatchBody, patchedInput } from '../http/resource.js';
import { createdResponse, deletedResponse, notModifiedResponse, resourceResponse } from '../http/responses.js';
import { defineRoute, JSON_TYPES, type Resource, type Route, type RouteDeps } from '../http/route.js';
import { getParticipant } from '../participants/participants.queries.js';
import { membershipList, membershipView, ofMember } from './memberships.list.js';
import { createMembership, deleteMembership, getMembership, replaceMembership } from './memberships.queries.js';
import { membershipBody, membershipSchema } from './memberships.schemas.js';

const COLLECTION = '/v1/memberships';
const tag = {
  name: 'Memberships',
  description:
    'Which groups participants belong to, over time: France in the EU from 1958-01-01, the G7 from 1975, NATO from 1949-04-04. A participant may belong to any number of groups; memberships replace the single affiliationId of participants.',
};
const tags = [tag.name];
const params = idParams('mbr');

function routes({ db }: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: COLLECTION,
      operationId: 'listMemberships',
      summary: 'List memberships',
      description: 'The members of the G7 in 1990: groupId=<G7>&activeOn=1990. The groups France belongs to today: memberId=<France>&endDate=is.null.',
      tags,
      query: listQuery(membershipList),
      responses: { 200: listResponse('A page of memberships', membershipView) },
      handler: ({ query }) => listReply(db, membershipList, query),
    }),
    defineRoute({
      method: 'post',
      path: COLLECTION,
      operationId: 'createMembership',
      summary: 'Record a membership, or many at once',
      description: 'groupId must be an organization (422).',
      tags,
      body: membershipBody,
      responses: { 201: createdResponse(membershipSchema) },
      handler: ({ body }) => {
        const membership = db.transaction((tx) => createMembership(tx, body));
        return { status: 201 as const, body: membership, location: `${COLLECTION}/${membership.id}` };
      },
      bulk: ({ body }) => ({ status: 201 as const, body: { data: createAll(db, body, createMembership) } }),
    }),
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}`,
      operationId: 'getMembership',
      summary: 'Read a membership',
      tags,
      params,
      query: itemQuery(membershipList),
      responses: { 200: resourceResponse('The membership', membershipView), 304: notModifiedResponse },
      handler: ({ params, query }) => {
        const membership = getMembership(db, params.id);
        if (!membership) throw HttpProblem.notFound('Membership', params.id);
        return viewReply(db, membershipList, membership, query);
      },
    }),
    defineRoute({
      method: 'put',
      path: `${COLLECTION}/{id}`,
      operationId: 'replaceMembership',
      summary: 'Replace a membership',
      tags,
      params,
      body: membershipBody,
      responses: { 200: resourceResponse('Replaced', membershipSchema) },
      handler: ({ params, body, req }) => ({
        status: 200 as const,
        body: db.transaction((tx) => replaceMembership(tx, params.id, () => body, (v) => checkPreconditions(req, v))),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: `${COLLECTION}/{id}`,
      operationId: 'updateMembership',
      summary: 'Update a membership (JSON Merge Patch)',
      description: 'Ending a membership: {"endDate": "2020-01-31"}.',
      tags,
      params,
      body: mergePatchBody('MembershipInput', { endDate: '2020-01-31' }),
      bodyTypes: JSON_TYPES,
      responses: { 200: resourceResponse('Updated', membershipSchema) },
      handler: ({ params, body, req }) => ({
        status: 200 as const,
        body: db.transaction((tx) =>
          replaceMembership(tx, params.id, (current) => patchedInput(membershipBody, current, body), (v) => checkPreconditions(req, v)),
        ),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: `${COLLECTION}/{id}`,
      operationId: 'deleteMembership',
      summary: 'Delete a membership',
      tags,
      params,
      responses: { 204: deletedResponse },
      handler: ({ params, req }) => {
        db.transaction((tx) => deleteMembership(tx, params.id, (v) => checkPreconditions(req, v)));
        return { status: 204 as const };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/participants/{id}/memberships',
      operationId: 'listParticipantMemberships',
      summary: 'List the groups a participant belongs or belonged to',
      description: 'The same list as /v1/memberships?memberId=<id>; 404 when the participant does not exist.',
      tags,
      params: idParams('par'),
      query: listQuery(membershipList),
      responses: { 200: listResponse('A page of the participant’s memberships', membershipView) },
      handler: ({ params, query }) => {
        if (!getParticipant(db, params.id)) throw HttpProblem.notFound('Participant', params.id);
        return listReply(db, membershipList, query, ofMember(params.id));
      },
    }),
  ];
}

export const membershipResource: Resource = { tag, routes };
