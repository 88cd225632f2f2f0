import { z } from 'zod';
import { createAll } from '../http/bulk.js';
import { holdsFor } from '../http/filters.js';
import { itemQuery, listQuery, listReply, listResponse, memoryListReply, pageSchema, viewReply } from '../http/list.js';
import { participantsById } from '../participants/participants.queries.js';
import type { Participant } from '../participants/participants.schemas.js';
import { idParam, idParams } from '../http/params.js';
import { HttpProblem, problemResponses } from '../http/problem.js';
import { checkPreconditions, mergePatchBody, patchedInput } from '../http/resource.js';
import { createdResponse, deletedResponse, notModifiedResponse, resourceResponse } from '../http/responses.js';
import { defineRoute, JSON_TYPES, type Resource, type Route, type RouteDeps } from '../http/route.js';
import {
  createAction,
  createAgreement,
  deleteAction,
  deleteAgreement,
  getAction,
  getAgreement,
  partyStandings,
  replaceAgreement,
  requireAgreement,
} from './agreements.queries.js';
import { actionList, actionView, agreementList, agreementView, ofAgreement } from './agreements.list.js';
import { actionBody, actionSchema, agreementBody, agreementSchema, partiesQuery, partyStandingView, type PartyStanding } from './agreements.schemas.js';

type PartyStandingItem = PartyStanding & { participant?: Participant };

const COLLECTION = '/v1/agreements';
const tag = {
  name: 'Agreements',
  description: 'What a summit or meeting adopted — declarations, statements, memoranda, treaties, targets — and who endorsed, signed, ratified or left it.',
};
const tags = [tag.name];
const params = idParams('agr');
const actionParams = z.object({ id: idParam('agr'), actionId: idParam('act') });

function routes({ db, clock }: RouteDeps): Route[] {
  // Standings (expand=parties) are those of today, by the app's clock.
  const today = () => clock().toISOString().slice(0, 10);
  return [
    defineRoute({
      method: 'get',
      path: COLLECTION,
      operationId: 'listAgreements',
      summary: 'List agreements',
      tags,
      query: listQuery(agreementList),
      responses: { 200: listResponse('A page of agreements', agreementView) },
      handler: ({ query }) => listReply(db, agreementList, query, { context: { today: today() } }),
    }),
    defineRoute({
      method: 'post',
      path: COLLECTION,
      operationId: 'createAgreement',
      summary: 'Create an agreement with its themes and targets, or many at once',
      tags,
      body: agreementBody,
      responses: { 201: createdResponse(agreementSchema) },
      handler: ({ body }) => {
        const agreement = db.transaction((tx) => createAgreement(tx, body));
        return { status: 201 as const, body: agreement, location: `${COLLECTION}/${agreement.id}` };
      },
      bulk: ({ body }) => ({ status: 201 as const, body: { data: createAll(db, body, createAgreement) } }),
    }),
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}`,
      operationId: 'getAgreement',
      summary: 'Read an agreement',
      tags,
      params,
      query: itemQuery(agreementList),
      responses: { 200: resourceResponse('The agreement', agreementView), 304: notModifiedResponse },
      handler: ({ params, query }) => {
        const agreement = getAgreement(db, params.id);
        if (!agreement) throw HttpProblem.notFound('Agreement', params.id);
        return viewReply(db, agreementList, agreement, query, { today: today() });
      },
    }),
    defineRoute({
      method: 'put',
      path: `${COLLECTION}/{id}`,
      operationId: 'replaceAgreement',
      summary: 'Replace an agreement',
      tags,
      params,
      body: agreementBody,
      responses: { 200: resourceResponse('Replaced', agreementSchema) },
      handler: ({ params, body, req }) => ({
        status: 200 as const,
        body: db.transaction((tx) => replaceAgreement(tx, params.id, () => body, (v) => checkPreconditions(req, v))),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: `${COLLECTION}/{id}`,
      operationId: 'updateAgreement',
      summary: 'Update an agreement (JSON Merge Patch; arrays are replaced whole)',
      tags,
      params,
      body: mergePatchBody('AgreementInput', { dateNote: '"last year" in the source article' }),
      bodyTypes: JSON_TYPES,
      responses: { 200: resourceResponse('Updated', agreementSchema) },
      handler: ({ params, body, req }) => ({
        status: 200 as const,
        body: db.transaction((tx) =>
          replaceAgreement(tx, params.id, (current) => patchedInput(agreementBody, current, body), (v) => checkPreconditions(req, v)),
        ),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: `${COLLECTION}/{id}`,
      operationId: 'deleteAgreement',
      summary: 'Delete an agreement and its party actions',
      description: 'Refused with 409 while commitments refer to it.',
      tags,
      params,
      responses: { 204: deletedResponse, ...problemResponses(409) },
      handler: ({ params, req }) => {
        db.transaction((tx) => deleteAgreement(tx, params.id, (v) => checkPreconditions(req, v)));
        return { status: 204 as const };
      },
    }),

    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}/actions`,
      operationId: 'listAgreementActions',
      summary: 'List the dated log of who endorsed, signed, ratified or left an agreement',
      tags,
      params,
      query: listQuery(actionList),
      responses: { 200: listResponse('A page of actions', actionView) },
      handler: ({ params, query }) => {
        requireAgreement(db, params.id);
        return listReply(db, actionList, query, ofAgreement(params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: `${COLLECTION}/{id}/actions`,
      operationId: 'createAgreementAction',
      summary: 'Record a party action',
      description: 'The participant must be a country or an organization: a person is refused with 422 at #/participantId.',
      tags,
      params,
      body: actionBody,
      responses: { 201: createdResponse(actionSchema) },
      handler: ({ params, body }) => {
        const action = db.transaction((tx) => createAction(tx, params.id, body));
        return { status: 201 as const, body: action, location: `${COLLECTION}/${params.id}/actions/${action.id}` };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}/actions/{actionId}`,
      operationId: 'getAgreementAction',
      summary: 'Read a party action',
      tags,
      params: actionParams,
      query: itemQuery(actionList),
      responses: { 200: resourceResponse('The action', actionView), 304: notModifiedResponse },
      handler: ({ params, query }) => {
        const action = getAction(db, params.id, params.actionId);
        if (!action) throw HttpProblem.notFound('Agreement action', params.actionId);
        return viewReply(db, actionList, action, query);
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${COLLECTION}/{id}/actions/{actionId}`,
      operationId: 'deleteAgreementAction',
      summary: 'Remove a wrong party action',
      tags,
      params: actionParams,
      responses: { 204: deletedResponse },
      handler: ({ params, req }) => {
        db.transaction((tx) => deleteAction(tx, params.id, params.actionId, (v) => checkPreconditions(req, v)));
        return { status: 204 as const };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}/parties`,
      operationId: 'listAgreementParties',
      summary: 'Each participant’s standing on a day, derived from its latest action in effect by then',
      description:
        'Today’s standings unless asOf names another day. An action notified but not yet in effect (a withdrawal with a later effectiveDate) does not count yet; a participant with no action in effect is not listed.',
      tags,
      params,
      query: partiesQuery,
      responses: {
        200: {
          description: 'A page of standings. With Accept: text/csv or format=csv, CSV.',
          schema: pageSchema(partyStandingView),
          headers: ['Link'],
          csv: true,
        },
      },
      handler: ({ params, query }) => {
        requireAgreement(db, params.id);
        const day = query.asOf ?? today();
        const standings: PartyStandingItem[] = (partyStandings(db, [params.id], day).get(params.id) ?? []).filter(
          (s) => (query.status ?? []).every((condition) => holdsFor(condition, s.status)),
        );
        if (query.expand) {
          const found = participantsById(db, standings.map((s) => s.participantId));
          for (const standing of standings) standing.participant = found.get(standing.participantId)!;
        }
        // A cursor belongs to the day it was issued for, when the caller named one, and to the statuses asked for.
        const fingerprint = `agreements/${params.id}/parties?asOf=${query.asOf ?? ''}&status=${JSON.stringify(query.status ?? [])}`;
        return memoryListReply(standings, (s) => s.participantId, query, fingerprint, {
          fileName: 'agreement-parties',
          columns: ['participantId', 'status', 'since', 'actions', ...(query.expand ? ['participantName', 'participantIso3'] : [])],
          cells: ({ participant, ...standing }) => ({ ...standing, participantName: participant?.name, participantIso3: participant?.iso3 }),
        });
      },
    }),
  ];
}

export const agreementResource: Resource = { tag, routes };
