// Everything `npm start` and the end-to-end check do alike to get an n8n with this package: pack the
// build, install it as a community package, import a Mobset credential and workflows.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { packPackage } from './communityPackage';
import { N8nInstance, type N8nInstanceOptions } from './instance';
import { log } from './proc';

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
			transport: simulator.url.startsWith('https:') ? 'https' : 'http',
			baseUrl: simulator.url,
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
	/** A built copy of the package to install instead of this repository's (e.g. an older build). */
	packageRoot?: string;
}

/** A fresh n8n with the packed package installed and credentials and workflows imported (not started). */
export async function prepareInstance(options: PreparedInstanceOptions): Promise<N8nInstance> {
	const instance = await N8nInstance.create(options);
	try {
		const packDir = await mkdtemp(path.join(tmpdir(), 'n8n-mobset-pack-'));
		try {
			log('packing n8n-nodes-mobset and installing it as a community package');
			const tarball = await packPackage(options.packageRoot ?? repoRoot(), packDir);
			await instance.installPackage(tarball);
		} finally {
			await rm(packDir, { recursive: true, force: true });
		}
		// Each CLI call boots n8n (the first one also creates the database): a few seconds each.
		log('importing the credential and workflows with the n8n CLI');
		if (options.credentials.length > 0) await instance.importCredentials(options.credentials);
		if (options.workflows.length > 0) await instance.importWorkflows(options.workflows);
		for (const id of options.publish ?? []) await instance.publishWorkflow(id);
		return instance;
	} catch (error) {
		await instance.dispose();
		throw error;
	}
}
