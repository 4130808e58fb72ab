/**
 * Confidential addresses on every write to the directory. An entry marked address_public no keeps its
 * address, lat and lon from residents and from everyone in the console but admins; that flag, not the
 * kind, is what makes a location confidential, and only an admin lifts it. Shelters and trusted
 * addresses are a second lock: the bots never show their location, whatever the flag says
 * (locationPublic in src/content/directory.ts).
 *
 * Every write of entries on behalf of someone passes through guardEntry: the API's create and update
 * (which the console's entry form calls), the API's CSV import with its preview (the console's import
 * box) and `hoaban import directory` (as OPERATOR). It also names the fields each write changes, for
 * the audit log.
 */
import { CONFIDENTIAL_KINDS } from '../../../content/directory.ts';
import { COLUMN_NAMES } from '../../../content/import/columns.ts';
import type { Service } from '../../../content/types.ts';
import type { Actor } from '../../access.ts';
import { addressHidden, confidential, hasLocation, toColumns } from './directory-view.ts';

/** Who writes: only the role matters here. */
type Writer = Pick<Actor, 'role'>;

/**
 * `hoaban import directory` acts as an admin: it is run on the server by the operator, who already
 * holds the database and the content files. It may make an address public, and an empty address cell
 * clears the stored address, as an admin's edit does.
 */
export const OPERATOR: Writer = { role: 'admin' };

/** What a write may do: the entry to store, the reasons it is refused (403) and the fields it changes. */
export interface Guarded {
  service: Service;
  /** "column: message", never a value; empty when the write may go ahead. */
  refused: string[];
  /** The CSV columns whose value changes (id excepted), for the audit log; names only. */
  fields: string[];
}

/** The columns of `after` that differ from `before` (from an empty entry when it is new); never values. */
export function changedFields(before: Service | undefined, after: Service): string[] {
  const was: Record<string, string> = before ? toColumns(before) : { address_public: 'no' };
  const now = toColumns(after);
  return COLUMN_NAMES.filter((c) => c !== 'id' && (now[c] ?? '') !== (was[c] ?? ''));
}

/**
 * Checks one entry `writer` is about to store over `stored` (undefined: a new id). For anyone but an
 * admin:
 * - a location the writer cannot see and left empty (address, or lat and lon) is kept, not erased;
 * - a stored entry whose location is confidential may not be marked public (address_public);
 * - a shelter or trusted address with a location (never shown to residents, whatever its flag)
 *   may not become another kind (kind): that would drop the kind's lock, and an admin asked later
 *   to publish "a health station's" address would not know it is a shelter's.
 * A refused write must store nothing. The entry returned may hold the stored location again: show
 * it to the writer only through entryView, which hides it from all but admins.
 */
export function guardEntry(writer: Writer, incoming: Service, stored: Service | undefined): Guarded {
  if (!stored || writer.role === 'admin') {
    return { service: incoming, refused: [], fields: changedFields(stored, incoming) };
  }
  const service = addressHidden(writer, stored)
    ? {
        ...incoming,
        address: incoming.address ?? stored.address,
        ...(incoming.lat === null ? { lat: stored.lat, lon: stored.lon } : {}),
      }
    : incoming;
  const refused: string[] = [];
  if (confidential(stored) && service.addressPublic) {
    refused.push('address_public: only an admin can make a confidential address public');
  }
  const kindLocked = CONFIDENTIAL_KINDS.has(stored.kind) && hasLocation(stored);
  if (kindLocked && !CONFIDENTIAL_KINDS.has(service.kind)) {
    refused.push(
      `kind: only an admin can change a ${stored.kind} with a confidential address to another kind`,
    );
  }
  return { service, refused, fields: changedFields(stored, service) };
}

/**
 * An import's audit details: its counts, the fields it changed over all entries, and each changed
 * entry's fields by id (entries the file left as they were are not listed). Names only, never values.
 */
export function importDetails(counts: Record<string, number>, changed: Record<string, string[]>) {
  const all = new Set(Object.values(changed).flat());
  return { ...counts, fields: COLUMN_NAMES.filter((c) => all.has(c)), changed };
}
