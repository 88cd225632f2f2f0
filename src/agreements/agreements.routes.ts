import { z } from 'zod';
import type { Db } from '../db/client.js';
import { idPattern } from '../http/fields.js';
import { pageQuery, sendPage } from '../http/list.js';
import { idParams } from '../http/params.js';
import { HttpProblem, problemResponses } from '../http/problem.js';
import { checkIfMatch, mergePatchBody, patchedInput, sendCreated, sendResource } from '../http/resource.js';
import { createdResponse, deletedResponse, notModifiedResponse, pageResponse, resourceResponse } from '../http/responses.js';
import { defineRoute, JSON_TYPES, type Route } from '../http/route.js';
import {
  createAction,
  createAgreement,
  deleteAction,
  deleteAgreement,
  getAction,
  getAgreement,
  listActions,
  listAgreements,
  listParties,
  replaceAgreement,
} from './agreements.queries.js';
import { actionBody, actionSchema, agreementBody, agreementSchema, partyStandingSchema } from './agreements.schemas.js';

const COLLECTION = '/v1/agreements';
const tags = ['Agreements'];
const params = idParams('agr');
const actionParams = z.object({ id: z.string().regex(idPattern('agr')), actionId: z.string().regex(idPattern('act')) });

export function agreementRoutes(db: Db): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: COLLECTION,
      operationId: 'listAgreements',
      summary: 'List agreements',
      tags,
      query: pageQuery,
      responses: { 200: pageResponse('A page of agreements', agreementSchema) },
      handler: ({ query, req, res }) => sendPage(req, res, listAgreements(db, query)),
    }),
    defineRoute({
      method: 'post',
      path: COLLECTION,
      operationId: 'createAgreement',
      summary: 'Create an agreement with its themes and targets',
      tags,
      body: agreementBody,
      responses: { 201: createdResponse(agreementSchema) },
      handler: ({ body, req, res }) => sendCreated(req, res, createAgreement(db, body), COLLECTION),
    }),
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}`,
      operationId: 'getAgreement',
      summary: 'Read an agreement',
      tags,
      params,
      responses: { 200: resourceResponse('The agreement', agreementSchema), 304: notModifiedResponse },
      handler: ({ params, req, res }) => {
        const agreement = getAgreement(db, params.id);
        if (!agreement) throw HttpProblem.notFound('Agreement', params.id);
        sendResource(req, res, agreement);
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
      handler: ({ params, body, req, res }) =>
        sendResource(req, res, replaceAgreement(db, params.id, () => body, (v) => checkIfMatch(req, v))),
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
      handler: ({ params, body, req, res }) =>
        sendResource(
          req,
          res,
          replaceAgreement(db, params.id, (current) => patchedInput(agreementBody, current, body), (v) => checkIfMatch(req, v)),
        ),
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
      handler: ({ params, req, res }) => {
        deleteAgreement(db, params.id, (v) => checkIfMatch(req, v));
        res.status(204).end();
      },
    }),

    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}/actions`,
      operationId: 'listAgreementActions',
      summary: 'List the dated log of who endorsed, signed, ratified or left an agreement',
      tags,
      params,
      query: pageQuery,
      responses: { 200: pageResponse('A page of actions', actionSchema) },
      handler: ({ params, query, req, res }) => sendPage(req, res, listActions(db, params.id, query)),
    }),
    defineRoute({
      method: 'post',
      path: `${COLLECTION}/{id}/actions`,
      operationId: 'createAgreementAction',
      summary: 'Record a party action',
      tags,
      params,
      body: actionBody,
      responses: { 201: createdResponse(actionSchema) },
      handler: ({ params, body, req, res }) =>
        sendCreated(req, res, createAction(db, params.id, body), `${COLLECTION}/${params.id}/actions`),
    }),
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}/actions/{actionId}`,
      operationId: 'getAgreementAction',
      summary: 'Read a party action',
      tags,
      params: actionParams,
      responses: { 200: resourceResponse('The action', actionSchema), 304: notModifiedResponse },
      handler: ({ params, req, res }) => {
        const action = getAction(db, params.id, params.actionId);
        if (!action) throw HttpProblem.notFound('Agreement action', params.actionId);
        sendResource(req, res, action);
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
      handler: ({ params, req, res }) => {
        deleteAction(db, params.id, params.actionId, (v) => checkIfMatch(req, v));
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}/parties`,
      operationId: 'listAgreementParties',
      summary: 'Each participant’s standing, derived from its latest action',
      tags,
      params,
      query: pageQuery,
      responses: { 200: pageResponse('A page of standings', partyStandingSchema) },
      handler: ({ params, query, req, res }) => sendPage(req, res, listParties(db, params.id, query)),
    }),
  ];
}
