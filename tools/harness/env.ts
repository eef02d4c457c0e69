// Jest `setupFiles`: runs in every test file's sandbox before any test module is imported, so
// n8n-core reads these values when it first loads. Nothing here reaches the developer's own n8n.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { TEST_TMP_ENV } from './globalSetup';

function userFolder(): string {
	// One folder per test file: n8n-core writes `.n8n/config` (instance id, encryption key) there.
	const root = process.env[TEST_TMP_ENV] ?? path.join(tmpdir(), 'n8n-nodes-mobset-tests');
	mkdirSync(root, { recursive: true });
	return mkdtempSync(path.join(root, 'n8n-user-'));
}

const defaults: Record<string, string> = {
	N8N_USER_FOLDER: userFolder(),
	// A fixed key instead of a freshly generated one: nothing is encrypted at rest in these tests.
	N8N_ENCRYPTION_KEY: 'n8n-nodes-mobset-test-key',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	// The harness swaps in a capturing logger; this keeps any logger n8n builds on its own quiet.
	N8N_LOG_LEVEL: 'silent',
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	// The simulator and the raw servers in tests listen on loopback; n8n's SSRF guard (off by
	// default in 2.41) would refuse them if a developer had it switched on in their shell.
	N8N_SSRF_PROTECTION_ENABLED: 'false',
};

for (const [name, value] of Object.entries(defaults)) {
	// N8N_USER_FOLDER is always ours: a test must never write into a real n8n folder.
	if (name === 'N8N_USER_FOLDER' || process.env[name] === undefined) process.env[name] = value;
}

// A proxy from the developer's shell must not swallow loopback traffic.
const loopback = ['127.0.0.1', 'localhost', '::1'];
for (const name of ['NO_PROXY', 'no_proxy']) {
	const current = (process.env[name] ?? '').split(',').filter(Boolean);
	process.env[name] = [...new Set([...current, ...loopback])].join(',');
}
