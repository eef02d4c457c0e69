// Runs a snippet in a fresh Node process with its own environment, able to require the repository's
// TypeScript (see tsRequireHook.js). A time zone must be chosen before the process first reads the
// clock, so TZ tests cannot just change process.env.TZ inside Jest.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HOOK = path.join(__dirname, 'tsRequireHook.js');
export const REPO_ROOT = path.resolve(__dirname, '../..');

/**
 * Evaluates `script` (CommonJS, cwd = repository root) in a child process and returns what it
 * passed to `report(value)`, JSON round-tripped.
 */
export async function evaluateInChild<T>(script: string, env: NodeJS.ProcessEnv = {}): Promise<T> {
	const program = `const report = (value) => process.stdout.write(JSON.stringify(value));\n${script}`;
	const { stdout } = await run(process.execPath, ['-r', HOOK, '-e', program], {
		cwd: REPO_ROOT,
		env: { ...process.env, ...env },
		// Each child transpiles TypeScript on load: seconds each, more on a busy machine.
		timeout: 90_000,
	});
	return JSON.parse(stdout) as T;
}
