// The package as users get it: packed (the published `files`, nothing else from the work tree) and
// installed by n8n's own community-package installer through the endpoints behind Settings →
// Community Nodes; or, for an n8n process without an editor, copied in the way that installer does.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { run } from './proc';
import { sendJson, type Session } from './rest';
import type { N8nRuntime } from './runtime';

/** One entry of `GET /rest/community-packages` (what Settings → Community Nodes lists). */
export interface InstalledPackage {
	packageName: string;
	installedVersion: string;
	/** The registry's newer `latest`, from `npm outdated` in n8n's nodes folder. */
	updateAvailable?: string;
	/** n8n recorded the package but could not load its nodes. */
	failedLoading?: boolean;
	installedNodes: Array<{ name: string; type: string; latestVersion: number }>;
}

const ENDPOINT = '/rest/community-packages';

/** The calls the Community Nodes settings page makes. Without a version n8n takes `latest`. */
export const communityPackages = {
	list: (url: string, session: Session) => sendJson<InstalledPackage[]>(url, 'GET', ENDPOINT, { session }),
	install: (url: string, session: Session, name: string, version?: string) =>
		sendJson<InstalledPackage>(url, 'POST', ENDPOINT, { session, body: { name, ...(version ? { version } : {}) } }),
	update: (url: string, session: Session, name: string, version?: string) =>
		sendJson<InstalledPackage>(url, 'PATCH', ENDPOINT, { session, body: { name, ...(version ? { version } : {}) } }),
	uninstall: (url: string, session: Session, name: string) =>
		sendJson<unknown>(url, 'DELETE', `${ENDPOINT}?name=${encodeURIComponent(name)}`, { session }),
};

/**
 * Installs the package through n8n's installer (`version` omitted: the registry's `latest`, as the
 * settings page does), or reinstalls it when n8n already has it (a kept user folder): an update to
 * the same version fetches the registry's current tarball again.
 */
export async function installThroughN8n(
	url: string,
	session: Session,
	name: string,
	version?: string,
): Promise<InstalledPackage> {
	const installed = (await communityPackages.list(url, session)).some((entry) => entry.packageName === name);
	return installed
		? await communityPackages.update(url, session, name, version)
		: await communityPackages.install(url, session, name, version);
}

interface PackageJson {
	name: string;
	version: string;
	n8n?: { nodes?: string[]; credentials?: string[] };
	[key: string]: unknown;
}

async function readPackageJson(dir: string): Promise<PackageJson> {
	return JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** `npm pack`s the package in `repoDir` into `outDir` and returns the tarball's path. */
export async function packPackage(repoDir: string, outDir: string): Promise<string> {
	const pkg = await readPackageJson(repoDir);
	const built = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = built.filter((file) => !existsSync(path.join(repoDir, file)));
	if (missing.length > 0) {
		throw new Error(`the package is not built (missing ${missing.join(', ')}): run \`npm run build\` first`);
	}
	await mkdir(outDir, { recursive: true });
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: repoDir });
	const [info] = JSON.parse(stdout) as Array<{ filename: string }>;
	return path.join(outDir, info.filename);
}

/**
 * Installs a packed tarball into `<n8nFolder>/nodes`, where n8n scans `node_modules/n8n-nodes-*`
 * at start-up, without n8n (which then does not list it under Community Nodes). Mirrors n8n 2.41's
 * CommunityPackagesService.downloadPackage: unpack into `node_modules/<name>`, drop dev/peer/optional dependencies
 * (a peer `n8n-workflow` must resolve to n8n's own copy, not a second one npm would fetch), install
 * the remaining dependencies without scripts, and record the version in the folder's package.json.
 */
export async function installCommunityPackage(
	runtime: N8nRuntime,
	n8nFolder: string,
	tarball: string,
): Promise<{ name: string; version: string; directory: string }> {
	const nodesDir = path.join(n8nFolder, 'nodes');
	const ledgerPath = path.join(nodesDir, 'package.json');
	const unpackDir = path.join(nodesDir, '.unpack');
	await rm(unpackDir, { recursive: true, force: true });
	await mkdir(unpackDir, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', unpackDir, '--strip-components=1']);
	const pkg = await readPackageJson(unpackDir);
	for (const key of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete pkg[key];

	const directory = path.join(nodesDir, 'node_modules', ...pkg.name.split('/'));
	await rm(directory, { recursive: true, force: true });
	await mkdir(path.dirname(directory), { recursive: true });
	await rename(unpackDir, directory);
	await writeFile(path.join(directory, 'package.json'), JSON.stringify(pkg, null, 2));

	await run(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: directory, env: runtime.env() },
	);

	const ledger: { dependencies?: Record<string, string> } = existsSync(ledgerPath)
		? JSON.parse(await readFile(ledgerPath, 'utf8'))
		: { name: 'installed-nodes', private: true };
	ledger.dependencies = { ...ledger.dependencies, [pkg.name]: pkg.version };
	await writeFile(ledgerPath, JSON.stringify(ledger, null, 2));
	return { name: pkg.name, version: pkg.version, directory };
}
