// The OpenAPI 3.1 document, generated from the same route declarations that mount the router.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { Route } from './route.js';

export function buildOpenApiDocument(routes: readonly Route[], info: { version: string }) {
  const registry = new OpenAPIRegistry();
  for (const route of routes) {
    registry.registerPath({
      method: route.method,
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      description: route.description,
      tags: route.tags,
      request: {
        params: route.params as never,
        query: route.query as never,
        body: route.body
          ? {
              required: true,
              content: Object.fromEntries((route.bodyTypes ?? ['application/json']).map((type) => [type, { schema: route.body! }])),
            }
          : undefined,
      },
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, spec]) => [
          status,
          {
            description: spec.description,
            content: spec.schema
              ? { [Number(status) >= 400 ? 'application/problem+json' : 'application/json']: { schema: spec.schema } }
              : undefined,
          },
        ]),
      ),
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Summit Tracker API',
      version: info.version,
      description: 'Intergovernmental summits, their agreements and commitments, and whether commitments were kept.',
    },
  });
}
