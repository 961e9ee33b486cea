import { readFileSync } from 'node:fs';
import { OPENAPI_FILE, openApiJson } from './openapi';

describe('docs/openapi.json', () => {
  it('is the document the gateway serves at /docs (else run `npm run openapi`)', async () => {
    const current = await openApiJson();
    expect(JSON.parse(current).paths['/api/jobs']).toBeDefined();
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(current);
  });
});
