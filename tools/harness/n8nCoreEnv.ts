// The environment n8n-core reads when it first loads, for every in-process engine run: the jest
// test files (env.ts) and the benchmark's child processes (tools/bench/inProcessCase.ts).
// Nothing here reaches the developer's own n8n.

const SETTINGS: Readonly<Record<string, string>> = {
	// A fixed key instead of a freshly generated one: nothing is encrypted at rest in these runs.
	N8N_ENCRYPTION_KEY: 'n8n-nodes-mobset-test-key',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	// The harness swaps in a capturing logger; this keeps any logger n8n builds on its own quiet.
	N8N_LOG_LEVEL: 'silent',
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	// The simulator and the raw servers listen on loopback; n8n's SSRF guard (off by default in
	// 2.41) would refuse them if a developer had it switched on in their shell.
	N8N_SSRF_PROTECTION_ENABLED: 'false',
};

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

/**
 * `shell` with the settings above where it has none, `userFolder` as n8n's user folder (always
 * ours: n8n-core writes `.n8n/config` there, and a run must never write into a real n8n folder),
 * and loopback added to NO_PROXY so that a proxy from the developer's shell cannot swallow
 * loopback traffic.
 */
export function n8nCoreEnv(userFolder: string, shell: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...SETTINGS, ...shell, N8N_USER_FOLDER: userFolder };
	for (const name of ['NO_PROXY', 'no_proxy']) {
		const current = (shell[name] ?? '').split(',').filter(Boolean);
		env[name] = [...new Set([...current, ...LOOPBACK])].join(',');
	}
	return env;
}
