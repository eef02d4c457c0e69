// Everything `npm start` and the end-to-end check do alike to get an n8n with this package: pack the
// build, publish it to a local registry, install it through n8n's own community-package installer,
// import a Mobset credential and workflows.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { installThroughN8n, packPackage, type InstalledPackage } from './communityPackage';
import { N8nInstance, type N8nInstanceOptions } from './instance';
import { log } from './proc';
import { LocalRegistry } from './registry';
import { ensureOwner, type Session } from './rest';

/** The id the example workflows use for their Mobset credential, so imported examples are wired up. */
export const EXAMPLE_CREDENTIAL_ID = 'mobsetSimulator01';
export const EXAMPLE_CREDENTIAL_NAME = 'Mobset API account';

/** This repository's root: works from `tools/` (ts-jest) and from `build/tools/` (compiled). */
export function repoRoot(from = __dirname): string {
	for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const file = path.join(dir, 'package.json');
		if (existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).name === 'n8n-nodes-mobset') return dir;
	}
	throw new Error(`no n8n-nodes-mobset package.json above ${from}`);
}

export interface SimulatorEndpoint {
	url: string;
	account: { corpId: string; loginName: string; password: string };
}

/** A `mobsetApi` credential for `n8n import:credentials` that talks to a simulator. */
export function simulatorCredential(simulator: SimulatorEndpoint, id = EXAMPLE_CREDENTIAL_ID): object {
	return {
		id,
		name: EXAMPLE_CREDENTIAL_NAME,
		type: 'mobsetApi',
		data: {
			corpId: simulator.account.corpId,
			loginName: simulator.account.loginName,
			password: simulator.account.password,
			endpoint: 'custom',
			customUrl: simulator.url,
		},
	};
}

export interface Workflow {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown>; [key: string]: unknown }>;
	[key: string]: unknown;
}

/** The importable workflows under `examples/`. */
export async function loadExamples(root = repoRoot()): Promise<Workflow[]> {
	const dir = path.join(root, 'examples');
	const files = (await readdir(dir)).filter((file) => file.endsWith('.json')).sort();
	return await Promise.all(files.map(async (file) => JSON.parse(await readFile(path.join(dir, file), 'utf8')) as Workflow));
}

export interface PreparedInstanceOptions extends N8nInstanceOptions {
	credentials: object[];
	workflows: Workflow[];
	/** Workflows to publish (activate at start). */
	publish?: string[];
	/**
	 * The registry n8n's installer fetches the package from; `prepareInstance` starts a private one
	 * (closed again once the package is installed) when omitted. Keep one open to publish updates.
	 */
	registry?: LocalRegistry;
	/** A built copy of the package to install instead of this repository's (e.g. an older build). */
	packageRoot?: string;
}

export interface InstalledN8n {
	instance: N8nInstance;
	session: Session;
	/** What n8n's installer answered (name, version, nodes). */
	installed: InstalledPackage;
}

/**
 * A running n8n with this package installed the way a user installs it: packed, published to the
 * local registry, and installed through Settings → Community Nodes' endpoint (see registry.ts for
 * how n8n's installer is pointed there). Credentials and workflows are imported first with the CLI.
 */
export async function startInstalledN8n(
	options: PreparedInstanceOptions & { registry: LocalRegistry },
): Promise<InstalledN8n> {
	const { registry } = options;
	const instance = await N8nInstance.create({ ...options, binDirs: [registry.npmWrapperDir, ...(options.binDirs ?? [])] });
	try {
		const packDir = await mkdtemp(path.join(tmpdir(), 'n8n-mobset-pack-'));
		let published: { name: string; version: string };
		try {
			log('packing n8n-nodes-mobset and publishing it to the local registry');
			published = await registry.publish(await packPackage(options.packageRoot ?? repoRoot(), packDir));
		} finally {
			await rm(packDir, { recursive: true, force: true });
		}
		// Each CLI call boots n8n (the first one also creates the database): a few seconds each.
		log('importing the credential and workflows with the n8n CLI');
		if (options.credentials.length > 0) await instance.importCredentials(options.credentials);
		if (options.workflows.length > 0) await instance.importWorkflows(options.workflows);
		await instance.start();
		const session = await ensureOwner(instance.url);
		const started = Date.now();
		const version = instance.release.installerNeedsVersion ? published.version : undefined;
		const installed = await installThroughN8n(instance.url, session, published.name, version);
		if (installed.installedVersion !== published.version) {
			throw new Error(`n8n installed ${installed.packageName}@${installed.installedVersion}, expected ${published.version}`);
		}
		log(`n8n's installer installed ${published.name}@${published.version} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return { instance, session, installed };
	} catch (error) {
		await instance.dispose();
		throw error;
	}
}

/**
 * A fresh n8n with the package installed through n8n's installer (`startInstalledN8n`), stopped
 * again so that workflows can be published (they activate at the next `start`) and run with the CLI.
 */
export async function prepareInstance(options: PreparedInstanceOptions): Promise<N8nInstance> {
	const registry = options.registry ?? (await LocalRegistry.start(options.runtime));
	try {
		const { instance } = await startInstalledN8n({ ...options, registry });
		try {
			await instance.stop();
			for (const id of options.publish ?? []) await instance.publishWorkflow(id);
			return instance;
		} catch (error) {
			await instance.dispose();
			throw error;
		}
	} finally {
		// A private registry goes with its npm wrapper; n8n's npm calls then reach the real npm again.
		if (!options.registry) await registry.close();
	}
}
