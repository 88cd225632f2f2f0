// /v1/compliance-reports and their assessments, and /v1/stats/compliance: whether commitments
// were kept, scored per commitment and member in the manner of the G7 and G20 Research Groups.
import { z } from 'zod';
import { itemQuery, listQuery, listReply, listResponse, viewReply } from '../http/list.js';
import { idParam, idParams } from '../http/params.js';
import { HttpProblem } from '../http/problem.js';
import { checkPreconditions, mergePatchBody, patchedInput } from '../http/resource.js';
import { createdResponse, deletedResponse, notModifiedResponse, resourceResponse } from '../http/responses.js';
import { defineRoute, JSON_TYPES, type Resource, type Route, type RouteDeps } from '../http/route.js';
import { assessmentList, assessmentPage, assessmentView, ofReport, reportList, reportView } from './compliance.list.js';
import {
  complianceStats,
  createReport,
  deleteReport,
  getAssessment,
  getReport,
  replaceReport,
  requireReport,
  upsertAssessments,
} from './compliance.queries.js';
import { assessmentsBody, reportBody, reportSchema, statsQuery, statsSchema } from './compliance.schemas.js';

const COLLECTION = '/v1/compliance-reports';
const tag = {
  name: 'Compliance',
  description:
    'Scored assessments of whether commitments were kept: per commitment and member, -1 (no compliance), 0 (partial), +1 (full), in interim and final reports; and the compliance figures computed from them.',
};
const tags = [tag.name];
const params = idParams('rpt');
const assessmentParams = z.object({ id: idParam('rpt'), assessmentId: idParam('asm') });

function routes({ db }: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: COLLECTION,
      operationId: 'listComplianceReports',
      summary: 'List compliance reports',
      tags,
      query: listQuery(reportList),
      responses: { 200: listResponse('A page of compliance reports', reportView) },
      handler: ({ query }) => listReply(db, reportList, query),
    }),
    defineRoute({
      method: 'post',
      path: COLLECTION,
      operationId: 'createComplianceReport',
      summary: 'Create a compliance report on a summit’s commitments',
      tags,
      body: reportBody,
      responses: { 201: createdResponse(reportSchema) },
      handler: ({ body }) => {
        const report = db.transaction((tx) => createReport(tx, body));
        return { status: 201 as const, body: report, location: `${COLLECTION}/${report.id}` };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}`,
      operationId: 'getComplianceReport',
      summary: 'Read a compliance report',
      tags,
      params,
      query: itemQuery(reportList),
      responses: { 200: resourceResponse('The compliance report', reportView), 304: notModifiedResponse },
      handler: ({ params, query }) => {
        const report = getReport(db, params.id);
        if (!report) throw HttpProblem.notFound('Compliance report', params.id);
        return viewReply(db, reportList, report, query);
      },
    }),
    defineRoute({
      method: 'put',
      path: `${COLLECTION}/{id}`,
      operationId: 'replaceComplianceReport',
      summary: 'Replace a compliance report',
      description: 'Its summit cannot change while it holds assessments (422).',
      tags,
      params,
      body: reportBody,
      responses: { 200: resourceResponse('Replaced', reportSchema) },
      handler: ({ params, body, req }) => ({
        status: 200 as const,
        body: db.transaction((tx) => replaceReport(tx, params.id, () => body, (v) => checkPreconditions(req, v))),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: `${COLLECTION}/{id}`,
      operationId: 'updateComplianceReport',
      summary: 'Update a compliance report (JSON Merge Patch)',
      tags,
      params,
      body: mergePatchBody('ComplianceReportInput', { publishedDate: '2025-06-15' }),
      bodyTypes: JSON_TYPES,
      responses: { 200: resourceResponse('Updated', reportSchema) },
      handler: ({ params, body, req }) => ({
        status: 200 as const,
        body: db.transaction((tx) =>
          replaceReport(tx, params.id, (current) => patchedInput(reportBody, current, body), (v) => checkPreconditions(req, v)),
        ),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: `${COLLECTION}/{id}`,
      operationId: 'deleteComplianceReport',
      summary: 'Delete a compliance report with its assessments',
      tags,
      params,
      responses: { 204: deletedResponse },
      handler: ({ params, req }) => {
        db.transaction((tx) => deleteReport(tx, params.id, (v) => checkPreconditions(req, v)));
        return { status: 204 as const };
      },
    }),

    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}/assessments`,
      operationId: 'listAssessments',
      summary: 'List the assessments of a report',
      tags,
      params,
      query: listQuery(assessmentList),
      responses: { 200: listResponse('A page of assessments', assessmentView) },
      handler: ({ params, query }) => {
        requireReport(db, params.id);
        return listReply(db, assessmentList, query, ofReport(params.id));
      },
    }),
    defineRoute({
      method: 'put',
      path: `${COLLECTION}/{id}/assessments`,
      operationId: 'upsertAssessments',
      summary: 'Create or replace assessments by commitment and participant, all or none',
      description:
        'Each commitment must belong to the report’s summit (directly or through its agreement) and each participant must be one of its parties; otherwise 422 pointing at the item. Unchanged assessments keep their version. Answers the assessments sent, in order.',
      tags,
      params,
      body: assessmentsBody,
      responses: { 200: { description: 'The assessments as stored', schema: assessmentPage } },
      handler: ({ params, body }) => ({
        status: 200 as const,
        body: { data: db.transaction((tx) => upsertAssessments(tx, params.id, body)) },
      }),
    }),
    defineRoute({
      method: 'get',
      path: `${COLLECTION}/{id}/assessments/{assessmentId}`,
      operationId: 'getAssessment',
      summary: 'Read an assessment',
      tags,
      params: assessmentParams,
      query: itemQuery(assessmentList),
      responses: { 200: resourceResponse('The assessment', assessmentView), 304: notModifiedResponse },
      handler: ({ params, query }) => {
        const assessment = getAssessment(db, params.id, params.assessmentId);
        if (!assessment) throw HttpProblem.notFound('Assessment', params.assessmentId);
        return viewReply(db, assessmentList, assessment, query);
      },
    }),

    defineRoute({
      method: 'get',
      path: '/v1/stats/compliance',
      operationId: 'getComplianceStats',
      summary: 'Compliance figures grouped by participant, commitment, theme or summit',
      description:
        'Counts the latest report of reportKind (default final) per summit, by publishedDate (undated last), then creation. Commitments proposed or withdrawn never count; a null score is not assessable and never counts. averageScore is the mean score (-1 to +1) to two decimals; compliancePct = (averageScore + 1) / 2 × 100 from the unrounded mean, to one decimal. A commitment counts under each of its themes.',
      tags,
      query: statsQuery,
      responses: { 200: { description: 'One row per group, by label', schema: statsSchema } },
      handler: ({ query }) => ({ status: 200 as const, body: { data: complianceStats(db, query) } }),
    }),
  ];
}

export const complianceResource: Resource = { tag, routes };
