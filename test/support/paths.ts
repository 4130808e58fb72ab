/** Where the global setup leaves the PGlite template the test files copy. */
import { fileURLToPath } from 'node:url';

export const TMP_DIR = fileURLToPath(new URL('../../.tmp/', import.meta.url));
export const TEMPLATE_FILE = `${TMP_DIR}pglite-template.tar.gz`;
