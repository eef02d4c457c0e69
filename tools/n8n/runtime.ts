// A real n8n to test against, installed once into a cache folder outside the repository.
//
// n8n 2.x refuses to start on Node < 24, and this machine's system Node is 20, so the runtime brings
// its own Node from the npm registry (the `node-<os>-<arch>` packages) and runs n8n with it: Node 24
// for n8n 2.x, Node 22 for the oldest supported n8n (1.x), each runtime in its own cache folder.
// The install takes minutes and ~2.8 GB; a marker file makes every later run skip it.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

import { CommandError, log, run } from './proc';

/** An n8n release the package is checked against, with what it takes to install and drive it here. */
export interface N8nRelease {
	n8n: string;
	/** The Node.js it runs on (from the npm registry's `node-<os>-<arch>` packages). */
	node: string;
	/** `overrides` for the runtime folder's package.json: dependencies that do not resolve as published. */
	overrides?: Record<string, string>;
	/**
	 * n8n 1.x checks a version with `npm view <name>@<version> version` and then wants the answer to
	 * equal what it asked for, so `latest` fails whenever its own HTTP look-up on the public registry
	 * does (always, for a package only the local registry has): give the installer exact versions.
	 */
	installerNeedsVersion?: boolean;
	/** 1.x activates a workflow with `update:workflow --active=true`; 2.x calls it publishing. */
	activateCommand: (id: string) => string[];
}

/**
 * Exact pins. The default for tests and `npm start`; `n8n@latest` (2.41.3) does not install from
 * the npm registry (21 of its pinned dependency versions are missing there).
 */
export const PINNED_RELEASE: N8nRelease = {
	n8n: '2.41.1',
	node: '24.21.0',
	activateCommand: (id) => ['publish:workflow', `--id=${id}`],
};

/**
 * The oldest n8n this package supports (README, "Install in n8n"): the last 1.x, on Node 22 as
 * n8n's 1.x Docker images. Its n8n-nodes-base fetches `xlsx` from a CDN outside the npm registry;
 * the same SheetJS release is on the registry as `@e965/xlsx`.
 */
export const OLDEST_RELEASE: N8nRelease = {
	n8n: '1.123.81',
	node: '22.23.5',
	overrides: { xlsx: 'npm:@e965/xlsx@0.20.3' },
	installerNeedsVersion: true,
	activateCommand: (id) => ['update:workflow', `--id=${id}`, '--active=true'],
};

export const SUPPORTED_RELEASES: readonly N8nRelease[] = [OLDEST_RELEASE, PINNED_RELEASE];

/** Picks the n8n release to run (an `n8n` version from SUPPORTED_RELEASES); default PINNED_RELEASE. */
export const RELEASE_ENV = 'N8N_NODES_MOBSET_N8N';

/** Overrides the cache folder (default `${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-mobset`). */
export const CACHE_ENV = 'N8N_NODES_MOBSET_CACHE';

export function selectedRelease(): N8nRelease {
	const wanted = process.env[RELEASE_ENV];
	if (!wanted) return PINNED_RELEASE;
	const release = SUPPORTED_RELEASES.find((candidate) => candidate.n8n === wanted);
	if (!release) {
		const known = SUPPORTED_RELEASES.map((candidate) => candidate.n8n).join(', ');
		throw new Error(`${RELEASE_ENV}=${wanted} is not a release this package is checked against; use one of ${known}`);
	}
	return release;
}

const MARKER = '.installed.json';

export interface N8nRuntime {
	release: N8nRelease;
	/** Folder holding the Node package (has bin/ and include/node, used as npm_config_nodedir). */
	nodeDir: string;
	/** The runtime's Node executable. */
	node: string;
	/** n8n's entry script (run it with `node`). */
	n8nBin: string;
	/** An environment with the runtime's Node first on PATH, so npm, node-gyp and n8n's own children use it. */
	env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
}

export function cacheRoot(): string {
	const override = process.env[CACHE_ENV];
	if (override) return path.resolve(override);
	const xdg = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
	return path.join(xdg, 'n8n-nodes-mobset');
}

/** The registry package that carries a Node binary for this platform (the `node` package picks the same). */
export function nodePackageName(): string {
	const os = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform as string];
	if (!os) throw new Error(`no Node package on the npm registry for platform ${process.platform}`);
	return `node-${os}-${process.arch}`;
}

function runtimeDir(release: N8nRelease): string {
	return path.join(cacheRoot(), `n8n-${release.n8n}-node-${release.node}-${process.platform}-${process.arch}`);
}

function describe(release: N8nRelease, dir: string): N8nRuntime {
	const nodeDir = path.join(dir, 'node_modules', nodePackageName());
	const binDir = process.platform === 'win32' ? nodeDir : path.join(nodeDir, 'bin');
	const node = path.join(binDir, process.platform === 'win32' ? 'node.exe' : 'node');
	return {
		release,
		nodeDir,
		node,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		env: (extra = {}) => ({
			...process.env,
			PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}`,
			// Native builds (sqlite3) compile against the runtime Node's headers, not the system Node's
			// (the user .npmrc on this machine points `nodedir` at /usr, i.e. Node 20).
			npm_config_nodedir: nodeDir,
			...extra,
		}),
	};
}

/** Returns the installed runtime, installing it first when the marker is missing. */
export async function ensureN8nRuntime(release: N8nRelease = selectedRelease()): Promise<N8nRuntime> {
	const dir = runtimeDir(release);
	if (existsSync(path.join(dir, MARKER))) return describe(release, dir);

	await mkdir(cacheRoot(), { recursive: true });
	await removeAbandonedPartials();

	// Install into a private folder and rename it into place at the end: an interrupted install
	// never looks finished, and two runs installing at once do not write into the same tree.
	const partial = `${dir}.partial-${process.pid}`;
	await rm(partial, { recursive: true, force: true });
	await mkdir(partial, { recursive: true });
	const logFile = path.join(partial, 'install.log');
	const started = Date.now();
	log(`installing n8n@${release.n8n} with Node ${release.node} into ${dir}`);
	log(`this happens once (a few minutes, about 2.9 GB); the log is ${logFile}`);

	try {
		await writeFile(
			path.join(partial, 'package.json'),
			JSON.stringify(
				{ private: true, description: 'n8n runtime for n8n-nodes-mobset tests', overrides: release.overrides },
				null,
				'\t',
			),
		);
		// Saved (exactly) to the folder's package.json: an unsaved package would be pruned by the
		// next install.
		const npmFlags = ['--no-audit', '--no-fund', '--loglevel=warn', '--save-exact'];
		const runtime = describe(release, partial);

		log(`step 1/3: Node ${release.node} (${nodePackageName()} from the npm registry)`);
		await run('npm', ['install', ...npmFlags, '--ignore-scripts', `${nodePackageName()}@${release.node}`], {
			cwd: partial,
			logFile,
			heartbeat: `downloading Node ${release.node}`,
		});
		const version = (await run(runtime.node, ['--version'])).stdout.trim();
		if (version !== `v${release.node}`) throw new Error(`expected Node v${release.node}, got ${version}`);

		// --ignore-scripts: a Kafka addon's install script downloads sources from the internet, and
		// isolated-vm's would compile against the wrong Node; n8n runs without both.
		log(`step 2/3: n8n@${release.n8n} (the long one)`);
		await run('npm', ['install', ...npmFlags, '--ignore-scripts', `n8n@${release.n8n}`], {
			cwd: partial,
			logFile,
			env: runtime.env(),
			heartbeat: 'installing n8n',
		});

		// n8n's database driver is a native addon; without install scripts it was never built.
		log(`step 3/3: building sqlite3 for Node ${release.node}`);
		// --ignore-scripts=false: a user-wide `ignore-scripts=true` would otherwise skip the build.
		await run('npm', ['rebuild', '--ignore-scripts=false', '--foreground-scripts', 'sqlite3'], {
			cwd: partial,
			logFile,
			env: runtime.env(),
			heartbeat: 'building sqlite3',
		});
		await run(runtime.node, ['-e', "require('sqlite3')"], { cwd: path.join(partial, 'node_modules', 'n8n') });

		await writeFile(
			path.join(partial, MARKER),
			JSON.stringify({ n8n: release.n8n, node: release.node, installedAt: new Date().toISOString() }, null, '\t'),
		);
	} catch (error) {
		log(`installing the n8n runtime failed: ${error instanceof CommandError ? error.message : String(error)}`);
		log(
			[
				'what to do:',
				`- full log: ${logFile}`,
				'- the npm registry must be reachable (`npm ping`) and ~3 GB free in the cache folder;',
				`  set ${CACHE_ENV}=<folder> to install elsewhere`,
				'- building sqlite3 needs python3, make and a C++ compiler (Debian: apt-get install python3 make g++)',
				'- then run again; the partial install is removed automatically',
			].join('\n'),
		);
		throw error;
	}

	try {
		await rename(partial, dir);
	} catch (error) {
		// Another run finished first: use its install and drop ours.
		if (!existsSync(path.join(dir, MARKER))) throw error;
		await rm(partial, { recursive: true, force: true });
	}
	log(`n8n runtime ready in ${Math.round((Date.now() - started) / 1000)} s`);
	return describe(release, dir);
}

/** Deletes `*.partial-<pid>` folders whose installing process is gone (Ctrl-C, a killed CI job). */
async function removeAbandonedPartials(): Promise<void> {
	const root = cacheRoot();
	for (const name of await readdir(root)) {
		const match = /\.partial-(\d+)$/.exec(name);
		if (!match || isAlive(Number(match[1]))) continue;
		log(`removing an interrupted install: ${name}`);
		await rm(path.join(root, name), { recursive: true, force: true });
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** The version n8n reports, for logs and for checking that a cached install still works. */
export async function n8nVersion(runtime: N8nRuntime): Promise<string> {
	const pkg = JSON.parse(await readFile(path.join(path.dirname(runtime.n8nBin), '..', 'package.json'), 'utf8'));
	return pkg.version as string;
}

// `node build/tools/n8n/runtime.js` installs (or finds) the runtime and prints where it is:
// handy for warming a CI cache before the tests run.
if (require.main === module) {
	ensureN8nRuntime().then(
		async (runtime) => {
			process.stdout.write(`n8n ${await n8nVersion(runtime)} with ${runtime.node}\n`);
		},
		() => {
			process.exitCode = 1;
		},
	);
}
