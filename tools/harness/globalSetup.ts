// Jest `globalSetup`: runs once in the parent process before the workers start, so the workers
// inherit this variable. Each test file then makes its own n8n user folder below it (env.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const TEST_TMP_ENV = 'MOBSET_TEST_TMP';

export default function globalSetup(): void {
	process.env[TEST_TMP_ENV] = mkdtempSync(path.join(tmpdir(), 'n8n-nodes-mobset-jest-'));
}
