// /v1/commitments/{id}/progress: append-only evidence of implementation. A correction is a new
// update; PUT, PATCH and DELETE are answered 405.
import { z } from 'zod';
import { itemQuery, listQuery, listReply, listResponse, viewReply } from '../http/list.js';
import { idParam, idParams } from '../http/params.js';
import { HttpProblem } from '../http/problem.js';
import { createdResponse, notModifiedResponse, resourceResponse } from '../http/responses.js';
import { defineRoute, type Resource, type Route, type RouteDeps } from '../http/route.js';
import { ofCommitment, progressList, progressView } from './progress.list.js';
import { createProgress, getProgress, requireCommitment } from './progress.queries.js';
import { progressBody, progressSchema } from './progress.schemas.js';

const COLLECTION = '/v1/commitments';
const tag = {
  name: 'Progress updates',
  description:
    'Append-only, sourced evidence of how a commitment is being implemented. The latest update (by asOfDate, then creation) sets the commitment’s progressStatus.',
};
const tags = [tag.name];
const params = idParams('cmt');
const updateParams = z.object({ id: idParam('cmt'), progressId: idParam('prg') });

function routes({ db, clock }: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}/progress`,
      operationId: 'listProgressUpdates',
      summary: 'List the progress updates of a commitment, newest asOfDate first',
      tags,
      params,
      query: listQuery(progressList),
      responses: { 200: listResponse('A page of progress updates', progressView) },
      handler: ({ params, query }) => {
        requireCommitment(db, params.id);
        return listReply(db, progressList, query, ofCommitment(params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: `${COLLECTION}/{id}/progress`,
      operationId: 'createProgressUpdate',
      summary: 'Record a progress update',
      description:
        'asOfDate must not be after today; participantId, when given, must be a party to the commitment. The commitment’s progressStatus follows the latest update.',
      tags,
      params,
      body: progressBody,
      responses: { 201: createdResponse(progressSchema) },
      handler: ({ params, body }) => {
        const today = clock().toISOString().slice(0, 10);
        const update = db.transaction((tx) => createProgress(tx, params.id, body, today));
        return { status: 201 as const, body: update, location: `${COLLECTION}/${params.id}/progress/${update.id}` };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}/progress/{progressId}`,
      operationId: 'getProgressUpdate',
      summary: 'Read a progress update',
      tags,
      params: updateParams,
      query: itemQuery(progressList),
      responses: { 200: resourceResponse('The progress update', progressView), 304: notModifiedResponse },
      handler: ({ params, query }) => {
        const update = getProgress(db, params.id, params.progressId);
        if (!update) throw HttpProblem.notFound('Progress update', params.progressId);
        return viewReply(db, progressList, update, query);
      },
    }),
  ];
}

export const progressResource: Resource = { tag, routes };
