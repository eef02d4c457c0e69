// What the release checks share: the repository's package.json, npm run in a clean environment,
// a build that is fresh, and `npm pack`.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface PackageJson {
	name: string;
	version: string;
	files: string[];
	scripts: Record<string, string>;
	publishConfig?: Record<string, unknown>;
	n8n: { credentials: string[]; nodes: string[] };
}

export function readPackageJson(dir = REPO_ROOT): PackageJson {
	return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/**
 * The environment minus what `npm test`, jest and a CI provider put there: `npm_*` variables of the
 * outer npm would steer the inner one (its project root, its lifecycle), CI variables would make
 * npm believe it runs in GitHub Actions, and jest's NODE_ENV=test switches eslint-plugin-n8n-nodes-base
 * into its own test mode (it then misreads node file names).
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (/^(npm_|GITHUB_|GITLAB_|ACTIONS_|RUNNER_|BUILDKITE|CIRCLE|TRAVIS)/i.test(name)) continue;
		if (['NODE_ENV', 'CI', 'RELEASE_MODE', 'RELEASE_TAG', 'NODE_AUTH_TOKEN', 'NPM_TOKEN'].includes(name)) continue;
		env[name] = value;
	}
	return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', ...extra };
}

export interface CommandResult {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs npm and returns its exit code and output instead of throwing on failure. */
export async function npm(
	args: string[],
	cwd: string,
	env: NodeJS.ProcessEnv = cleanEnv(),
): Promise<CommandResult> {
	try {
		const { stdout, stderr } = await run('npm', args, {
			cwd,
			env,
			maxBuffer: 16 * 1024 * 1024,
			timeout: 180_000,
		});
		return { code: 0, stdout, stderr };
	} catch (error) {
		const failed = error as { code?: number | string; stdout?: string; stderr?: string };
		if (typeof failed.code !== 'number') throw error;
		return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
	}
}

function filesBelow(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.join(entry.parentPath, entry.name));
}

/** Everything `npm run build` reads. */
const BUILD_INPUTS = ['nodes', 'credentials', 'icons', 'tsconfig.json', 'gulpfile.js'];

/**
 * Makes sure dist/ holds a build of the current sources. CI builds right before `npm test`, so
 * this normally reuses dist/; on a fresh clone, or after sources changed since the last build, it
 * runs `npm run build` (which empties dist/ first). A build older than its sources would make the
 * pack checks judge yesterday's output.
 */
export async function ensureBuilt(): Promise<void> {
	// Compiled files only: gulp copies icons and codex files with their source's modification time.
	const built = filesBelow(path.join(REPO_ROOT, 'dist')).filter((file) => file.endsWith('.js'));
	const inputs = BUILD_INPUTS.flatMap((entry) => {
		const full = path.join(REPO_ROOT, entry);
		return statSync(full).isDirectory() ? filesBelow(full) : [full];
	});
	const oldestOutput = Math.min(...built.map((file) => statSync(file).mtimeMs));
	const newestInput = Math.max(...inputs.map((file) => statSync(file).mtimeMs));
	if (built.length > 0 && newestInput <= oldestOutput) return;

	const result = await npm(['run', 'build'], REPO_ROOT);
	if (result.code !== 0) {
		throw new Error(`npm run build failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
	}
}

export interface PackResult {
	filename: string;
	size: number;
	unpackedSize: number;
	files: Array<{ path: string; size: number }>;
}

/** `npm pack --json` of `dir`; with `dryRun` nothing is written, otherwise the tarball lands in `dest`. */
export async function pack(dir: string, dest?: string): Promise<PackResult> {
	const args = dest ? ['pack', '--json', '--pack-destination', dest] : ['pack', '--json', '--dry-run'];
	const result = await npm(args, dir);
	if (result.code !== 0) {
		throw new Error(`npm ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr}`);
	}
	return (JSON.parse(result.stdout) as PackResult[])[0];
}

/** Extracts a tarball made by `npm pack` into `dir` (its files land under `dir/package`). */
export async function extract(tarball: string, dir: string): Promise<string> {
	await run('tar', ['-xzf', tarball, '-C', dir]);
	return path.join(dir, 'package');
}
