/** The content editors' routes in the OpenAPI document (/api/docs), with the zod schemas they validate. */
import { z } from 'zod';
import { describeRoute } from '../../openapi-registry.ts';
import { cells, filters } from './directory.ts';
import { faqBody } from './faq-body.ts';

const FAQ_WRITE =
  'Admins and province-level officers. Checked like `hoaban import content` (law codes, phone numbers, parents, translations, review date) plus verified articles and at most 750 characters an answer; 400 lists every problem and nothing is written.';
const DIR_WRITE =
  'Officers inside their communes and wards (province-wide entries need a province scope); validated like a CSV row, problems as "column: message"; entries shipped with Hoa Ban are read only. Only an admin can make a confidential address public (403 naming address_public or kind).';

describeRoute({
  method: 'GET',
  path: '/api/v1/faq/nodes',
  summary: 'The FAQ tree with review dates',
  role: 'viewer',
});
describeRoute({
  method: 'GET',
  path: '/api/v1/faq/nodes/:id',
  summary: 'One FAQ node, every field',
  role: 'viewer',
});
describeRoute({
  method: 'POST',
  path: '/api/v1/faq/nodes',
  summary: 'Create a node',
  role: 'officer',
  description: FAQ_WRITE,
  body: faqBody,
  status: 201,
});
describeRoute({
  method: 'PUT',
  path: '/api/v1/faq/nodes/:id',
  summary: 'Change a node',
  role: 'officer',
  description: FAQ_WRITE,
  body: faqBody,
});
describeRoute({
  method: 'DELETE',
  path: '/api/v1/faq/nodes/:id',
  summary: 'Delete a leaf node (409 with children)',
  role: 'officer',
  status: 204,
});
describeRoute({
  method: 'GET',
  path: '/api/v1/faq/law-codes',
  summary: 'Law codes, verified articles, fields and limits',
  role: 'viewer',
});
describeRoute({
  method: 'GET',
  path: '/api/v1/faq/overdue',
  summary: 'Nodes whose review date has passed',
  role: 'viewer',
});
describeRoute({
  method: 'GET',
  path: '/api/v1/unanswered',
  summary: 'Questions the FAQ could not answer (30 days), newest first',
  description:
    'Names and phone numbers are masked before a question is kept, and no chat id is kept. Limited to the account’s communes/wards; questions from chats that chose no commune or ward are shown to province-wide accounts only.',
  role: 'viewer',
});
describeRoute({
  method: 'POST',
  path: '/api/v1/unanswered/:id/answer',
  summary: 'Answer a question: create a node and remove the question',
  role: 'officer',
  description: FAQ_WRITE,
  body: faqBody,
  status: 201,
});
describeRoute({
  method: 'GET',
  path: '/api/v1/directory',
  summary: 'Directory entries in scope; confidential addresses for admins only',
  role: 'viewer',
  query: filters,
});
describeRoute({
  method: 'GET',
  path: '/api/v1/directory/:id',
  summary: 'One directory entry',
  role: 'viewer',
});
describeRoute({
  method: 'POST',
  path: '/api/v1/directory',
  summary: 'Add an entry (CSV column names)',
  role: 'officer',
  description: DIR_WRITE,
  body: cells,
  status: 201,
});
describeRoute({
  method: 'PUT',
  path: '/api/v1/directory/:id',
  summary: 'Change an entry (cells left out keep their value)',
  role: 'officer',
  description: DIR_WRITE,
  body: cells,
});
describeRoute({
  method: 'DELETE',
  path: '/api/v1/directory/:id',
  summary: 'Delete an entry',
  role: 'officer',
  status: 204,
});
describeRoute({
  method: 'POST',
  path: '/api/v1/directory/import',
  summary: 'Import a directory CSV (text/csv body); ?dryRun=true previews',
  role: 'officer',
  description:
    'Errors as "line N: column: message"; a row outside the account\'s communes is an error; all or nothing. A row making a confidential address public is refused unless the account is an admin (403).',
  query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
});
describeRoute({
  method: 'GET',
  path: '/api/v1/directory/export.csv',
  summary: "The province's own entries as CSV",
  role: 'viewer',
  produces: 'text/csv',
});
