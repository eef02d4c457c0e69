// Jest `setupFiles`: runs in every test file's sandbox before any test module is imported, so
// n8n-core reads these values when it first loads. Nothing here reaches the developer's own n8n.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { TEST_TMP_ENV } from './globalSetup';
import { n8nCoreEnv } from './n8nCoreEnv';

function userFolder(): string {
	// One folder per test file: n8n-core writes `.n8n/config` (instance id, encryption key) there.
	const root = process.env[TEST_TMP_ENV] ?? path.join(tmpdir(), 'n8n-nodes-mobset-tests');
	mkdirSync(root, { recursive: true });
	return mkdtempSync(path.join(root, 'n8n-user-'));
}

Object.assign(process.env, n8nCoreEnv(userFolder()));
