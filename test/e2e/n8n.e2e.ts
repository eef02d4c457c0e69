// The package as a user gets it: packed, published to a local registry, installed through n8n's own
// community-package installer (the endpoints behind Settings → Community Nodes) into a real n8n, set
// up with n8n's CLI, run by n8n itself against the Mobset simulator, then updated and uninstalled.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { communityPackages, packPackage, type InstalledPackage } from '../../tools/n8n/communityPackage';
import { ensureN8nRuntime } from '../../tools/n8n/runtime';
import type { N8nInstance } from '../../tools/n8n/instance';
import { LocalRegistry } from '../../tools/n8n/registry';
import { ensureOwner, getJson, getRaw, postJson, type Session } from '../../tools/n8n/rest';
import { loadExamples, prepareInstance, repoRoot, simulatorCredential, type Workflow } from '../../tools/n8n/setup';
import { startSimulator, type MobsetSimulator, type RawReport } from '../../tools/simulator';
import { startSink, type Sink } from './support/sink';
import {
	MANUAL_WORKFLOW_ID,
	manualReportsWorkflow,
	REPORTS_NODE,
	TRIGGER_WORKFLOW_ID,
	triggerToSinkWorkflow,
} from './support/workflows';

const PACKAGE = 'n8n-nodes-mobset';
const STATUSES = ['delivered', 'failed', 'pending', 'unknown'];
const BEIJING_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

/** What a report becomes in the output contract, derived from what the simulator queued. */
function expectedItem(report: RawReport) {
	return {
		smsId: report.smsId,
		statusCode: Number(report.status),
		exStatus: report.exStatus,
		reportTime: `${report.reportTime.replace(' ', 'T')}+08:00`,
	};
}

function expectContractShape(item: Record<string, unknown>): void {
	expect(typeof item.smsId).toBe('string');
	expect(STATUSES).toContain(item.status);
	expect(item.delivered).toBe(item.status === 'delivered');
	expect(typeof item.statusCode).toBe('number');
	expect(typeof item.statusText).toBe('string');
	expect(typeof item.exStatus).toBe('string');
	expect(item.reportTime).toMatch(BEIJING_ISO);
	expect(item.raw).toEqual(expect.any(Object));
}

function byId(reports: RawReport[]): Map<string, RawReport> {
	return new Map(reports.map((report) => [report.smsId, report]));
}

let simulator: MobsetSimulator;
let sink: Sink;
let registry: LocalRegistry;
let n8n: N8nInstance;
let examples: Workflow[];

beforeAll(async () => {
	const runtime = await ensureN8nRuntime();
	registry = await LocalRegistry.start(runtime);
	simulator = await startSimulator({ port: 0, seed: 20260401 });
	sink = await startSink();
	examples = await loadExamples();
	n8n = await prepareInstance({
		runtime,
		// Inside the repository (git-ignored), emptied at each run and kept afterwards: after a
		// failure, n8n.log and the database there are the evidence.
		userFolder: path.join(repoRoot(), '.cache', 'e2e-n8n'),
		fresh: true,
		registry,
		credentials: [simulatorCredential(simulator)],
		workflows: [manualReportsWorkflow(), triggerToSinkWorkflow(sink.url), ...examples],
		publish: [TRIGGER_WORKFLOW_ID],
	});
});

afterAll(async () => {
	await n8n?.stop();
	await registry?.close();
	await sink?.close();
	await simulator?.close();
});

describe('Mobset SMS Reports under `n8n execute`', () => {
	it('outputs one item per report the simulator handed out, in the output contract', async () => {
		simulator.reset();
		const seeded = simulator.seedReports(120, { deliveredRatio: 0.6 });

		const result = await n8n.execute(MANUAL_WORKFLOW_ID);

		expect(result.error).toBeUndefined();
		const items = result.items(REPORTS_NODE);
		const { dequeuedIds } = simulator.counters();
		expect(items.map((item) => item.smsId)).toEqual(dequeuedIds);
		expect([...dequeuedIds].sort()).toEqual(seeded.map((report) => report.smsId).sort());
		const queued = byId(seeded);
		for (const item of items) {
			expectContractShape(item);
			expect(item).toMatchObject(expectedItem(queued.get(item.smsId as string)!));
		}
		expect(items.some((item) => item.status === 'delivered')).toBe(true);
		expect(items.some((item) => item.status === 'failed')).toBe(true);
		for (const raw of result.rawItems(REPORTS_NODE)) expect(raw.pairedItem).toBeDefined();
	});
});

describe('Mobset SMS Reports Trigger under `n8n start`', () => {
	let before: RawReport[];
	let session: Session;

	beforeAll(async () => {
		simulator.reset();
		before = simulator.seedReports(60, { deliveredRatio: 0.5 });
		await n8n.start();
		session = await ensureOwner(n8n.url);
	});

	it('delivers every report seeded before and during the run exactly once, over the start-up and a scheduled poll', async () => {
		// The start-up poll takes everything queued before n8n started.
		await sink.waitFor(before.length, 120_000);
		const during = simulator.seedReports(40, { deliveredRatio: 0.5 });
		// One minute is the shortest schedule; allow for a slow poll on a busy machine.
		await sink.waitFor(before.length + during.length, 150_000);
		// Anything sent twice would arrive right behind the rest.
		await new Promise((resolve) => setTimeout(resolve, 5_000));

		const received = sink.requests.map((request) => request.body);
		const seeded = [...before, ...during];
		expect(received).toHaveLength(seeded.length);
		expect(received.map((item) => item.smsId).sort()).toEqual(seeded.map((report) => report.smsId).sort());
		expect(new Set(simulator.counters().dequeuedIds)).toEqual(new Set(seeded.map((report) => report.smsId)));
		const queued = byId(seeded);
		for (const item of received) {
			expectContractShape(item);
			expect(item).toMatchObject(expectedItem(queued.get(item.smsId as string)!));
		}
		const executions = new Set(sink.requests.map((request) => request.headers['x-execution-id']));
		expect(executions.size).toBeGreaterThanOrEqual(2);
	});

	it('loads the package and activates the trigger without errors', () => {
		// n8n names the package, a node type or the credential type in every complaint about them
		// (`Failed to load package "n8n-nodes-mobset"`, `Unrecognized node type: n8n-nodes-mobset.…`,
		// `Unknown credential name "mobsetApi"`), and the workflow in activation and poll failures.
		// Stack frames are skipped: they show the cache path, which also contains the package name.
		const lines = n8n.log.split('\n').filter((line) => !/^\s+at /.test(line));
		const aboutPackage = lines.filter((line) => /n8n-nodes-mobset["'.]|mobsetApi|mobsetSmsReports/.test(line));
		const aboutWorkflow = (line: string) => line.includes(TRIGGER_WORKFLOW_ID) || line.includes('E2E: trigger to sink');
		const workflowFailures = lines.filter(
			(line) => aboutWorkflow(line) && /error|fail|issue|blocked|could not|unable/i.test(line),
		);
		expect([...aboutPackage, ...workflowFailures]).toEqual([]);
		expect(n8n.log).toContain('Editor is now accessible via');
	});

	it('shows every node with display names, icons and the Mobset credential in the editor', async () => {
		type NodeType = { name: string; displayName: string; iconUrl?: { light: string; dark: string }; credentials?: Array<{ name: string }> };
		const nodes = await getJson<NodeType[]>(n8n.url, '/types/nodes.json', session);
		const credentials = await getJson<Array<{ name: string; displayName: string }>>(n8n.url, '/types/credentials.json', session);

		const expected = {
			[`${PACKAGE}.mobsetSmsReports`]: 'Mobset SMS Reports',
			[`${PACKAGE}.mobsetSmsReportsTrigger`]: 'Mobset SMS Reports Trigger',
			[`${PACKAGE}.mobsetSms`]: 'Mobset SMS',
			[`${PACKAGE}.mobsetSmsRepliesTrigger`]: 'Mobset SMS Replies Trigger',
		};
		for (const [type, displayName] of Object.entries(expected)) {
			const node = nodes.find((candidate) => candidate.name === type);
			expect(node).toMatchObject({ displayName, credentials: [expect.objectContaining({ name: 'mobsetApi' })] });
			for (const iconUrl of [node!.iconUrl!.light, node!.iconUrl!.dark]) {
				const icon = await getRaw(n8n.url, `/${iconUrl}`);
				expect(icon.status).toBe(200);
				expect(icon.text).toContain('<svg');
			}
		}
		expect(credentials.find((credential) => credential.name === 'mobsetApi')).toMatchObject({ displayName: 'Mobset API' });
	});

	it("passes the credential's Test button with the right password and explains a wrong one", async () => {
		type TestResult = { status: string; message: string };
		const credential = simulatorCredential(simulator) as { data: Record<string, string> };
		const dequeuedBefore = simulator.counters({ ids: false }).dequeued;

		const good = await postJson<TestResult>(n8n.url, '/rest/credentials/test', { credentials: credential }, session);
		const bad = await postJson<TestResult>(
			n8n.url,
			'/rest/credentials/test',
			{ credentials: { ...credential, data: { ...credential.data, password: 'wrong-password' } } },
			session,
		);

		expect(good).toEqual({ status: 'OK', message: expect.any(String) });
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/password/i);
		// The test calls SmsGetBalance: it must never take reports off the queue.
		expect(simulator.counters({ ids: false }).dequeued).toBe(dequeuedBefore);
	});
});

describe("n8n's community-package installer (Settings → Community Nodes)", () => {
	const { version } = JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
	const nextVersion = version.replace(/^(\d+)\.(\d+)\.(\d+).*$/, (_, major, minor, patch) => `${major}.${minor}.${Number(patch) + 1}`);
	const nodeTypes = (pkg: { n8n: { nodes: string[] } }) =>
		pkg.n8n.nodes.map((file) => {
			const name = path.basename(file, '.node.js');
			return `${PACKAGE}.${name.charAt(0).toLowerCase()}${name.slice(1)}`;
		});
	const expectedTypes = nodeTypes(JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')));
	const packageDir = () => path.join(n8n.n8nFolder, 'nodes', 'node_modules', PACKAGE);
	let session: Session;
	const listed = async (): Promise<InstalledPackage | undefined> =>
		(await communityPackages.list(n8n.url, session)).find((entry) => entry.packageName === PACKAGE);
	// n8n 1.x rewrites this file in place, through a stream it does not wait for, after a package
	// change: a read in between gets it cut off. The editor's next reload reads it whole; so do we.
	const loadedTypes = async () => {
		const deadline = Date.now() + 30_000;
		for (;;) {
			try {
				return (await getJson<Array<{ name: string }>>(n8n.url, '/types/nodes.json', session))
					.map((node) => node.name)
					.filter((name) => name.startsWith(`${PACKAGE}.`));
			} catch (error) {
				if (!(error instanceof SyntaxError) || Date.now() > deadline) throw error;
				await delay(250);
			}
		}
	};
	const timed = async <T>(what: string, action: () => Promise<T>): Promise<T> => {
		const started = Date.now();
		const result = await action();
		process.stderr.write(`[e2e] ${what} took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
		return result;
	};

	beforeAll(async () => {
		session = await ensureOwner(n8n.url);
	});

	it('lists the package installed from the registry, with its version and every node loaded', async () => {
		const entry = await listed();

		expect(entry).toMatchObject({ installedVersion: version });
		// n8n 2.x always reports the flag; 1.x only when it is true.
		expect(entry!.failedLoading).not.toBe(true);
		expect(entry!.updateAvailable).toBeUndefined();
		expect(entry!.installedNodes.map((node) => node.type).sort()).toEqual([...expectedTypes].sort());
		expect(await loadedTypes()).toEqual(expect.arrayContaining(expectedTypes));
	});

	it('offers a newer version published to the registry and updates to it', async () => {
		const packDir = path.join(registry.folder, 'next');
		await registry.publishAs(await packPackage(repoRoot(), packDir), nextVersion);

		expect((await timed('listing with the update check (npm outdated)', listed))!.updateAvailable).toBe(nextVersion);
		// As the page's Update button: to the registry's latest (n8n 1.x here needs it by number).
		const target = n8n.release.installerNeedsVersion ? nextVersion : undefined;
		const updated = await timed('updating through PATCH', () => communityPackages.update(n8n.url, session, PACKAGE, target));

		expect(updated.installedVersion).toBe(nextVersion);
		const entry = await listed();
		expect(entry).toMatchObject({ installedVersion: nextVersion });
		expect(entry!.failedLoading).not.toBe(true);
		expect(entry!.updateAvailable).toBeUndefined();
		expect(JSON.parse(readFileSync(path.join(packageDir(), 'package.json'), 'utf8')).version).toBe(nextVersion);
		expect(await loadedTypes()).toEqual(expect.arrayContaining(expectedTypes));
	});

	it('uninstalls it: gone from the list, the nodes folder and the editor', async () => {
		await timed('uninstalling through DELETE', () => communityPackages.uninstall(n8n.url, session, PACKAGE));

		expect(await listed()).toBeUndefined();
		expect(existsSync(packageDir())).toBe(false);
		// The editor's node types follow once n8n has rewritten them, which it may do after answering.
		const deadline = Date.now() + 30_000;
		let types = await loadedTypes();
		while (types.length > 0 && Date.now() < deadline) {
			await delay(500);
			types = await loadedTypes();
		}
		expect(types).toEqual([]);
	});
});
