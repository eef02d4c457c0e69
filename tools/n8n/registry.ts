// A throw-away npm registry on loopback (verdaccio) that n8n's own community-package installer
// installs this package from, so tests and `npm start` get the package the way a user's Settings →
// Community Nodes → Install does.
//
// n8n sends its installer to https://registry.npmjs.org; any other registry
// (N8N_COMMUNITY_PACKAGES_REGISTRY) is a licensed feature ("Your license does not allow for
// feat:communityNodes:customRegistry"). So n8n's settings are left alone and an `npm` wrapper is put
// first on the PATH of the n8n process only: n8n runs `npm` from PATH for `npm view`, `npm pack`,
// `npm install` (with `--registry=<public>`, which the wrapper rewrites) and `npm outdated` (without
// `--registry`, hence `npm_config_registry`). n8n's own HTTP look-up of the version goes to the
// public registry, answers 404 for a version that only exists here, and n8n then falls back to
// `npm view`, which goes through the wrapper. Nothing else on the machine sees the wrapper.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { request } from 'undici';

import { freePort } from './ports';
import { run, tail } from './proc';
import type { N8nRuntime } from './runtime';

/** Where n8n's installer points unless licensed otherwise (n8n's DEFAULT_REGISTRY). */
export const PUBLIC_REGISTRY = 'https://registry.npmjs.org';

const START_TIMEOUT_MS = 60_000;

/**
 * Only `n8n-nodes-*` may be published, by anyone who can reach 127.0.0.1 (the registry never
 * listens elsewhere); no uplinks, so nothing is fetched from or forwarded to the internet; no
 * sign-up, web UI or audit proxy.
 */
const CONFIG = `storage: ./storage
auth:
  htpasswd:
    file: ./htpasswd
    max_users: -1
uplinks: {}
packages:
  'n8n-nodes-*':
    access: $all
    publish: $all
    unpublish: $all
web:
  enable: false
middlewares:
  audit:
    enabled: false
log:
  type: stdout
  format: json
  level: warn
`;

export class LocalRegistry {
	private constructor(
		/** `http://127.0.0.1:<port>/` */
		readonly url: string,
		/** Holds config, storage, log and the npm wrapper; removed by `close`. */
		readonly folder: string,
		private readonly child: ChildProcess,
		private readonly exited: Promise<void>,
		private readonly logFile: string,
	) {}

	/** Starts verdaccio (from this repository's devDependencies) with the runtime's Node (it wants Node >= 22). */
	static async start(runtime: N8nRuntime): Promise<LocalRegistry> {
		const folder = await mkdtemp(path.join(tmpdir(), 'n8n-mobset-registry-'));
		const configFile = path.join(folder, 'config.yaml');
		const logFile = path.join(folder, 'verdaccio.log');
		await writeFile(configFile, CONFIG);
		const port = await freePort();
		const url = `http://127.0.0.1:${port}/`;
		const bin = path.join(path.dirname(require.resolve('verdaccio/package.json')), 'bin', 'verdaccio');
		const log = createWriteStream(logFile);
		const child = spawn(runtime.node, [bin, '--config', configFile, '--listen', `127.0.0.1:${port}`], {
			cwd: folder,
			env: runtime.env(),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		child.stdout!.pipe(log);
		child.stderr!.pipe(log);
		const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
		killOnExit.add(child);
		const registry = new LocalRegistry(url, folder, child, exited, logFile);
		try {
			await registry.waitUntilReady();
			await registry.writeNpmWrapper();
		} catch (error) {
			await registry.close();
			throw error;
		}
		return registry;
	}

	private async waitUntilReady(): Promise<void> {
		const deadline = Date.now() + START_TIMEOUT_MS;
		while (Date.now() < deadline) {
			if (this.child.exitCode !== null || this.child.signalCode !== null) {
				throw new Error(`verdaccio exited while starting:\n${tail(await this.log())}`);
			}
			try {
				const response = await request(`${this.url}-/ping`, { reset: true, headersTimeout: 2000, bodyTimeout: 2000 });
				await response.body.dump();
				if (response.statusCode === 200) return;
			} catch {
				// not listening yet
			}
			await delay(250);
		}
		throw new Error(`verdaccio did not answer within ${START_TIMEOUT_MS / 1000} s:\n${tail(await this.log())}`);
	}

	async log(): Promise<string> {
		return await readFile(this.logFile, 'utf8').catch(() => '');
	}

	/** The folder holding the `npm` wrapper: put it first on the PATH of n8n, and of nothing else. */
	get npmWrapperDir(): string {
		return path.join(this.folder, 'bin');
	}

	/**
	 * A POSIX shell script named `npm` that runs the real npm with every `--registry=…` replaced by
	 * this registry and `npm_config_registry` set (for the commands n8n runs without `--registry`).
	 * Its own cache folder keeps this registry's packuments out of the user's npm cache, and
	 * `prefer-online` makes `npm outdated` see a version published a moment ago.
	 */
	private async writeNpmWrapper(): Promise<void> {
		const realNpm = (await run('sh', ['-c', 'command -v npm'])).stdout.trim();
		if (!realNpm) throw new Error('npm is not on PATH');
		const script = `#!/bin/sh
# Written by n8n-nodes-mobset's tools/n8n/registry.ts: sends n8n's community-package installer to a
# local test registry instead of ${PUBLIC_REGISTRY}. Removed with that registry.
registry=${sh(this.url)}
export npm_config_registry="$registry"
export npm_config_cache=${sh(path.join(this.folder, 'npm-cache'))}
export npm_config_prefer_online=true
for arg do
	shift
	case "$arg" in
		--registry=*) set -- "$@" "--registry=$registry" ;;
		*) set -- "$@" "$arg" ;;
	esac
done
exec ${sh(realNpm)} "$@"
`;
		await mkdir(this.npmWrapperDir, { recursive: true });
		const wrapper = path.join(this.npmWrapperDir, 'npm');
		await writeFile(wrapper, script);
		await chmod(wrapper, 0o755);
	}

	/** `npm publish`es a packed tarball here (tagged `latest`); returns its name and version. */
	async publish(tarball: string): Promise<{ name: string; version: string }> {
		const host = new URL(this.url).host;
		await run(
			'npm',
			[
				'publish',
				// An absolute path: `dir/x.tgz` would be read as a GitHub repository.
				path.resolve(tarball),
				`--registry=${this.url}`,
				// npm insists on a credential for publishing; verdaccio takes an unknown token as
				// anonymous, which the config allows to publish n8n-nodes-*.
				`--//${host}/:_authToken=anonymous`,
				// The package's publishConfig asks for provenance, which only a CI job can sign.
				'--provenance=false',
				'--ignore-scripts',
				'--tag=latest',
			],
			{ cwd: this.folder },
		);
		const manifest = JSON.parse((await run('tar', ['-xzOf', path.resolve(tarball), 'package/package.json'])).stdout);
		return { name: manifest.name as string, version: manifest.version as string };
	}

	/** The same package under another version: what a release after this one would bring. */
	async publishAs(tarball: string, version: string): Promise<{ name: string; version: string }> {
		const work = await mkdtemp(path.join(this.folder, 'reversion-'));
		try {
			await run('tar', ['-xzf', path.resolve(tarball), '-C', work]);
			const manifestPath = path.join(work, 'package', 'package.json');
			const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
			manifest.version = version;
			await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
			const out = path.join(work, `${manifest.name}-${version}.tgz`);
			await run('tar', ['-czf', out, '-C', work, 'package']);
			return await this.publish(out);
		} finally {
			await rm(work, { recursive: true, force: true });
		}
	}

	async close(): Promise<void> {
		if (this.child.exitCode === null && this.child.signalCode === null) {
			this.child.kill('SIGTERM');
			const stopped = await Promise.race([this.exited.then(() => true), delay(10_000, false, { ref: false })]);
			if (!stopped) this.child.kill('SIGKILL');
		}
		await this.exited;
		killOnExit.delete(this.child);
		await rm(this.folder, { recursive: true, force: true });
	}
}

/** Single-quotes a value for sh. */
function sh(value: string): string {
	return `'${value.replace(/'/g, `'\\''`)}'`;
}

// A parent that dies without closing (uncaught error, test time-out) must not leave verdaccio running.
const killOnExit = new Set<ChildProcess>();
process.on('exit', () => {
	for (const child of killOnExit) child.kill('SIGKILL');
});
