import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of the merged SDL written by the `codegen` task. */
export const schemaPath = fileURLToPath(new URL('../generated/schema.graphql', import.meta.url));

/** The merged SDL of every module (run `npm run codegen` if the file is missing). */
export function loadTypeDefs(): string {
  return readFileSync(schemaPath, 'utf8');
}
