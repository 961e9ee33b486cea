/**
 * Writes the gateway's OpenAPI document to docs/openapi.json (`npm run openapi`), the API reference
 * kept in the repository; `tools/openapi.spec.ts` fails when the file is not current.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { previewOpenApiDocument } from '../apps/gateway/src/openapi';
import { repoRoot } from './lib/processes';

export const OPENAPI_FILE = join(repoRoot(), 'docs', 'openapi.json');

export async function openApiJson(): Promise<string> {
  return `${JSON.stringify(await previewOpenApiDocument(), null, 2)}\n`;
}

if (require.main === module) {
  openApiJson()
    .then((json) => {
      writeFileSync(OPENAPI_FILE, json);
      console.log(`wrote ${OPENAPI_FILE}`);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
