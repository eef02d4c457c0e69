// `npm run test:compat`: the end-to-end check (test/e2e) once per n8n release the package claims to
// support (SUPPORTED_RELEASES: the oldest and the pinned one), each in its own cached runtime. The
// first run installs the missing runtimes (n8n 1.x: about 11 minutes, once).
//
//   npm run test:compat                    every supported release
//   npm run test:compat -- --skip-pinned   all but the pinned one (CI, right after test:e2e ran it)
import { spawn } from 'node:child_process';

import { log } from './proc';
import { PINNED_RELEASE, RELEASE_ENV, SUPPORTED_RELEASES, type N8nRelease } from './runtime';
import { repoRoot } from './setup';

/**
 * The package's own check (n8n.e2e.ts: installer, nodes, trigger, credential) runs on every release.
 * The example workflows (smsLoop.e2e.ts) find their data table by name, which only the Data Table
 * node of n8n 2.x (version 1.1) can do; n8n 1.x answers "Could not find the data table".
 */
function testsFor(release: N8nRelease): string[] {
	return release.n8n.startsWith('1.') ? ['test/e2e/n8n.e2e.ts'] : [];
}

function jest(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			[require.resolve('jest/bin/jest'), '-c', 'test/e2e/jest.config.js', ...args],
			{ cwd: repoRoot(), env, stdio: 'inherit' },
		);
		child.on('error', reject);
		child.on('close', (code) => resolve(code ?? 1));
	});
}

async function main(): Promise<void> {
	const skipPinned = process.argv.includes('--skip-pinned');
	const releases = SUPPORTED_RELEASES.filter((release) => !(skipPinned && release === PINNED_RELEASE));
	const results: string[] = [];
	let failed = false;
	for (const release of releases) {
		const tests = testsFor(release);
		log(`end-to-end check against n8n ${release.n8n} (Node ${release.node}): ${tests.join(', ') || 'test/e2e'}`);
		const started = Date.now();
		const code = await jest(tests, { ...process.env, [RELEASE_ENV]: release.n8n });
		const minutes = ((Date.now() - started) / 60_000).toFixed(1);
		results.push(`n8n ${release.n8n} on Node ${release.node}: ${code === 0 ? 'passed' : 'FAILED'} (${minutes} min)`);
		failed ||= code !== 0;
	}
	for (const line of results) log(line);
	process.exitCode = failed ? 1 : 0;
}

void main();
