// /v1/events: the change feed. Every create, update and delete of every resource, in the order
// the changes were committed, for consumers that keep a copy or react to changes.
import { DEFAULT_LIMIT, pageReply } from '../http/list.js';
import { pageResponse } from '../http/responses.js';
import { defineRoute, type Resource, type Route, type RouteDeps } from '../http/route.js';
import { listEvents } from './events.queries.js';
import { eventSchema, eventsQuery } from './events.schemas.js';

const tag = {
  name: 'Events',
  description:
    'The change feed: one event for each resource created, updated or deleted, in commit order, written in the transaction of the change. Kept at least 30 days.',
};

function routes({ db }: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/events',
      operationId: 'listEvents',
      summary: 'The change feed: what was created, updated or deleted, in commit order',
      description: `Each event is \`<resource>.created\`, \`.updated\` or \`.deleted\` with the resource as its own reads show it after the change (before it, for a delete). A change that leaves a resource as it was is no event; a bulk create is one event per item; a delete that takes children with it (a summit's participations, an agreement's actions, a report's assessments) reports each child's delete first; a progress update that changes a commitment's progressStatus is followed by commitment.updated. Replaying the feed from the start (created and updated set, deleted remove) gives the collections as they are.

Paging: \`after\` is the cursor. Events come in id order, oldest first, at most \`limit\` (default ${DEFAULT_LIMIT}); when more follow, \`nextCursor\` is the id of the last one and \`Link\` the next page. A consumer keeps the id of the last event it processed and asks for \`after=<that id>\`: nothing committed later is missed, nothing is returned twice, and an id older than the retention window still marks its place.`,
      tags: [tag.name],
      query: eventsQuery,
      responses: { 200: pageResponse('A page of events, oldest first', eventSchema) },
      handler: ({ query }) => pageReply(listEvents(db, { after: query.after, types: query.types, limit: query.limit ?? DEFAULT_LIMIT }), 'after'),
    }),
  ];
}

export const eventResource: Resource = { tag, routes };
