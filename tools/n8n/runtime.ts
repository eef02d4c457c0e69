// A real n8n to test against, installed once into a cache folder outside the repository.
//
// n8n 2.x refuses to start on Node < 24, and this machine's system Node is 20, so the runtime brings
// its own Node 24 from the npm registry (the `node-<os>-<arch>` packages) and runs n8n with it.
// The install takes minutes and ~2.8 GB; a marker file makes every later run skip it.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

import { CommandError, log, run } from './proc';

/** Exact pins: 2.41.3 does not install from this registry (a pinned dependency is missing). */
export const N8N_VERSION = '2.41.1';
export const NODE_VERSION = '24.21.0';

/** Overrides the cache folder (default `${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-mobset`). */
export const CACHE_ENV = 'N8N_NODES_MOBSET_CACHE';

const MARKER = '.installed.json';

export interface N8nRuntime {
	/** Folder holding the Node 24 package (has bin/ and include/node, used as npm_config_nodedir). */
	nodeDir: string;
	/** The Node 24 executable. */
	node: string;
	/** n8n's entry script (run it with `node`). */
	n8nBin: string;
	/** An environment with Node 24 first on PATH, so npm, node-gyp and n8n's own children use it. */
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
	if (!os) throw new Error(`no Node 24 package on the npm registry for platform ${process.platform}`);
	return `node-${os}-${process.arch}`;
}

function runtimeDir(): string {
	return path.join(cacheRoot(), `n8n-${N8N_VERSION}-node-${NODE_VERSION}-${process.platform}-${process.arch}`);
}

function describe(dir: string): N8nRuntime {
	const nodeDir = path.join(dir, 'node_modules', nodePackageName());
	const binDir = process.platform === 'win32' ? nodeDir : path.join(nodeDir, 'bin');
	const node = path.join(binDir, process.platform === 'win32' ? 'node.exe' : 'node');
	return {
		nodeDir,
		node,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		env: (extra = {}) => ({
			...process.env,
			PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}`,
			// Native builds (sqlite3) compile against Node 24's headers, not the system Node's
			// (the user .npmrc on this machine points `nodedir` at /usr, i.e. Node 20).
			npm_config_nodedir: nodeDir,
			...extra,
		}),
	};
}

/** Returns the installed runtime, installing it first when the marker is missing. */
export async function ensureN8nRuntime(): Promise<N8nRuntime> {
	const dir = runtimeDir();
	if (existsSync(path.join(dir, MARKER))) return describe(dir);

	await mkdir(cacheRoot(), { recursive: true });
	await removeAbandonedPartials();

	// Install into a private folder and rename it into place at the end: an interrupted install
	// never looks finished, and two runs installing at once do not write into the same tree.
	const partial = `${dir}.partial-${process.pid}`;
	await rm(partial, { recursive: true, force: true });
	await mkdir(partial, { recursive: true });
	const logFile = path.join(partial, 'install.log');
	const started = Date.now();
	log(`installing n8n@${N8N_VERSION} with Node ${NODE_VERSION} into ${dir}`);
	log(`this happens once (a few minutes, about 2.9 GB); the log is ${logFile}`);

	try {
		await writeFile(
			path.join(partial, 'package.json'),
			JSON.stringify({ private: true, description: 'n8n runtime for n8n-nodes-mobset tests' }, null, '\t'),
		);
		// Saved (exactly) to the folder's package.json: an unsaved package would be pruned by the
		// next install.
		const npmFlags = ['--no-audit', '--no-fund', '--loglevel=warn', '--save-exact'];
		const runtime = describe(partial);

		log(`step 1/3: Node ${NODE_VERSION} (${nodePackageName()} from the npm registry)`);
		await run('npm', ['install', ...npmFlags, '--ignore-scripts', `${nodePackageName()}@${NODE_VERSION}`], {
			cwd: partial,
			logFile,
			heartbeat: 'downloading Node 24',
		});
		const version = (await run(runtime.node, ['--version'])).stdout.trim();
		if (version !== `v${NODE_VERSION}`) throw new Error(`expected Node v${NODE_VERSION}, got ${version}`);

		// --ignore-scripts: a Kafka addon's install script downloads sources from the internet, and
		// isolated-vm's would compile against the wrong Node; n8n runs without both.
		log(`step 2/3: n8n@${N8N_VERSION} (the long one)`);
		await run('npm', ['install', ...npmFlags, '--ignore-scripts', `n8n@${N8N_VERSION}`], {
			cwd: partial,
			logFile,
			env: runtime.env(),
			heartbeat: 'installing n8n',
		});

		// n8n's database driver is a native addon; without install scripts it was never built.
		log('step 3/3: building sqlite3 for Node 24');
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
			JSON.stringify({ n8n: N8N_VERSION, node: NODE_VERSION, installedAt: new Date().toISOString() }, null, '\t'),
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
	return describe(dir);
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
