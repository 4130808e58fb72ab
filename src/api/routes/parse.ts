/**
 * The one way the API answers bad input: 400 {error: "bad_request", message: "<field>: <what is
 * wrong>"}, naming the first wrong field, "is required" when it is missing, "unknown field" for one
 * the route does not take, so an officer's script knows what to fix.
 */
import type { FastifyReply } from 'fastify';
import type { ZodType } from 'zod';

/** zod error text: "is required" when the field is absent, else what it must be. */
export const must = (what: string) => (iss: { input: unknown }) =>
  iss.input === undefined ? 'is required' : `must be ${what}`;

/** True when the input has nothing at this path (a missing field rather than a wrong one). */
function absent(input: unknown, path: PropertyKey[]): boolean {
  let v: unknown = input;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v === undefined;
}

/** Parses input or answers 400 naming the first wrong field; undefined means the reply is sent. */
export function parseOr400<T>(schema: ZodType<T>, input: unknown, reply: FastifyReply): T | undefined {
  const parsed = schema.safeParse(input ?? undefined);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.join('.') ?? '';
  const keys = issue?.code === 'unrecognized_keys' ? issue.keys : undefined;
  const message = keys
    ? `${path ? `${path}.` : ''}${keys[0]}: unknown field`
    : `${path || 'body'}: ${absent(input, issue?.path ?? []) && path ? 'is required' : (issue?.message ?? 'invalid')}`;
  reply.code(400).send({ error: 'bad_request', message });
  return undefined;
}

/** Answers an error in the API's shape {error, message}. */
export const fail = (reply: FastifyReply, code: number, error: string, message: string) =>
  reply.code(code).send({ error, message });
