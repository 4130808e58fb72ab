/**
 * The OpenAPI description of /api/v1, built from what each route declares next to itself with
 * describeRoute(): its zod schemas become JSON Schema (zod 4's z.toJSONSchema), so the document
 * cannot drift from the validation. A test fails when a registered /api/v1 route is not described.
 */
import { type ZodType, z } from 'zod';
import type { Role } from './access.ts';
import { SESSION_COOKIE } from './auth/sessions.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route tells the document about itself. */
export interface RouteDoc {
  method: HttpMethod;
  /** Fastify's path, e.g. /api/v1/broadcasts/:id (shown as {id}). */
  path: string;
  summary: string;
  /** The least role that may call it, or public. */
  role: Role | 'public';
  /** Longer text: scope rules, status codes beyond the usual ones. */
  description?: string;
  body?: ZodType;
  query?: ZodType;
  response?: ZodType;
  /** Status of success (200 unless said). */
  status?: number;
  /** The success content type when it is not JSON (text/event-stream, image/png…). */
  produces?: string;
}

const routes = new Map<string, RouteDoc>();

/** Declares a route for the OpenAPI document; call it next to the route (idempotent by method and path). */
export function describeRoute(doc: RouteDoc): void {
  routes.set(`${doc.method} ${doc.path}`, doc);
}

/** Every declared route, by path then method (the HTML page and the completeness test read this). */
export function describedRoutes(): RouteDoc[] {
  return [...routes.values()].sort(
    (a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method),
  );
}

/** A zod schema as an OpenAPI 3.1 (JSON Schema 2020-12) schema of what clients send or get. */
function jsonSchema(schema: ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function operation(doc: RouteDoc) {
  const parameters: object[] = [...doc.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  if (doc.query) {
    const q = jsonSchema(doc.query, 'input') as { properties?: Record<string, object>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {}))
      parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
  }
  const ok = doc.produces
    ? { description: 'OK', content: { [doc.produces]: { schema: {} } } }
    : {
        description: 'OK',
        content: { 'application/json': { schema: doc.response ? jsonSchema(doc.response, 'output') : {} } },
      };
  const responses: Record<string, object> = { [String(doc.status ?? 200)]: ok };
  if (doc.body || doc.query) responses['400'] = { $ref: '#/components/responses/BadRequest' };
  if (doc.role !== 'public') {
    responses['401'] = { $ref: '#/components/responses/Unauthorized' };
    responses['403'] = { $ref: '#/components/responses/Forbidden' };
  }
  return {
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: [doc.path.split('/')[3] ?? 'api'],
    'x-role': doc.role,
    ...(parameters.length ? { parameters } : {}),
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(doc.body, 'input') } },
          },
        }
      : {}),
    ...(doc.role === 'public' ? { security: [] } : {}),
    responses,
  };
}

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** The OpenAPI 3.1 document of every declared route. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, object>> = {};
  for (const doc of describedRoutes()) {
    const p = openApiPath(doc.path);
    paths[p] ??= {};
    (paths[p] as Record<string, object>)[doc.method.toLowerCase()] = operation(doc);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hoa Ban officers API',
      version: '1',
      description:
        'Roles: admin > officer > viewer. Officers limited to some communes and wards see and send only there.',
    },
    security: [{ bearer: [] }, { session: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN or an API token' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'console session; posts also need the x-csrf-token header',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          properties: { error: { type: 'string' }, message: { type: 'string' } },
          required: ['error', 'message'],
        },
      },
      responses: {
        BadRequest: error('a field is wrong; the message names it'),
        Unauthorized: error('no valid token or session'),
        Forbidden: error('the role or the communes of the account do not allow it'),
      },
    },
  };
}
