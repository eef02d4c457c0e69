// `npm run screenshots`: retakes the README's screenshots (docs/images/*.png) from a real n8n editor.
//
// Starts what `npm start` starts (the Mobset simulator with reports queued and more arriving, a real
// n8n with this package, the credential and the example workflows) in a throw-away user folder, or
// reuses a running one given by SCREENSHOTS_N8N_URL (e.g. the editor `npm start` printed; log-in
// from SCREENSHOTS_N8N_EMAIL / SCREENSHOTS_N8N_PASSWORD, default the `npm start` owner). Drives
// Chromium (playwright-core, CHROMIUM_PATH, default /usr/bin/chromium) and stops all it started.
//
// Note: the execution screenshot runs the Mobset SMS Reports node, which takes the queued reports
// off the simulator (Mobset hands each report out once). Its workflow ("Fetch delivery reports",
// Manual Trigger → Mobset SMS Reports) is not an example: it is created over the editor's REST API
// when missing, also in an n8n given by SCREENSHOTS_N8N_URL.
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { startSimulator, type MobsetSimulator } from '../simulator';
import type { N8nInstance } from './instance';
import { DEFAULT_OWNER, ensureOwner } from './rest';
import { ensureN8nRuntime } from './runtime';
import { EXAMPLE_CREDENTIAL_ID, EXAMPLE_CREDENTIAL_NAME, loadExamples, prepareInstance, repoRoot, simulatorCredential } from './setup';

const WORKFLOW_CANVAS = { id: 'mobsetFailedToSlack', name: 'Route failed SMS to Slack' };
const REPORTS_NODE = 'Mobset SMS Reports';
const WORKFLOW_REPORTS = {
	id: 'mobsetScreenshotReports',
	name: 'Fetch delivery reports',
	nodes: [
		{
			id: 'a6f1c3e5-2b4d-4f8a-9c0e-1d3f5b7a9c01',
			name: 'When clicking \'Execute workflow\'',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'a6f1c3e5-2b4d-4f8a-9c0e-1d3f5b7a9c02',
			name: REPORTS_NODE,
			type: 'n8n-nodes-mobset.mobsetSmsReports',
			typeVersion: 1,
			position: [240, 0],
			parameters: { operation: 'getMany', returnAll: true, options: { outcome: 'all', includeRaw: false } },
			credentials: { mobsetApi: { id: EXAMPLE_CREDENTIAL_ID, name: EXAMPLE_CREDENTIAL_NAME } },
		},
	],
	connections: { "When clicking 'Execute workflow'": { main: [[{ node: REPORTS_NODE, type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};
const VIEWPORT = { width: 1440, height: 900 };
const TIMEOUT_MS = 60_000;
const EXECUTION_TIMEOUT_MS = 60_000;

function say(line: string): void {
	process.stdout.write(`[screenshots] ${line}\n`);
}

interface Target {
	url: string;
	email: string;
	password: string;
	stop: () => Promise<void>;
}

/** The `npm start` set-up in a temporary user folder (so the examples are imported as they are). */
async function startOwnN8n(): Promise<Target> {
	const root = repoRoot();
	const runtime = await ensureN8nRuntime();
	let simulator: MobsetSimulator | undefined;
	let n8n: N8nInstance | undefined;
	const stop = async () => {
		await n8n?.dispose().catch(() => undefined);
		await simulator?.close().catch(() => undefined);
	};
	try {
		simulator = await startSimulator({ seed: 1 });
		simulator.seedReports(40, { deliveredRatio: 0.7 });
		simulator.startFeed(6);
		say(`Mobset simulator at ${simulator.url}`);
		n8n = await prepareInstance({
			runtime,
			credentials: [simulatorCredential(simulator)],
			workflows: await loadExamples(root),
		});
		await n8n.start();
		await ensureOwner(n8n.url, DEFAULT_OWNER);
		say(`n8n at ${n8n.url} (user folder ${n8n.userFolder}, removed afterwards)`);
		return { url: n8n.url, email: DEFAULT_OWNER.email, password: DEFAULT_OWNER.password, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Closes whatever n8n pops up over the editor (what's-new notes, banners' close buttons, toasts). */
async function dismissPopups(page: Page): Promise<void> {
	for (let round = 0; round < 3; round++) {
		await page.keyboard.press('Escape');
		const closers = page.locator(
			[
				'.el-dialog__headerbtn:visible',
				'.el-message-box__headerbtn:visible',
				'.el-notification__closeBtn:visible',
				'[data-test-id="banner-close-button"]:visible',
				'[data-test-id="close-button"]:visible',
			].join(', '),
		);
		const count = await closers.count();
		if (count === 0) break;
		for (let i = count - 1; i >= 0; i--) await closers.nth(i).click({ timeout: 2000 }).catch(() => undefined);
		await page.waitForTimeout(400);
	}
}

async function openWorkflow(context: BrowserContext, baseUrl: string, workflow: { id: string; name: string }): Promise<Page> {
	const page = await context.newPage();
	await page.goto(`${baseUrl}/workflow/${workflow.id}`, { waitUntil: 'domcontentloaded' });
	if (page.url().includes('/signin')) throw new Error(`n8n sent ${workflow.id} to its sign-in page: the log-in did not stick`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ state: 'visible' });
	await page.getByText(workflow.name, { exact: true }).filter({ visible: true }).first().waitFor({ state: 'visible' });
	// Node icons are <img> from /icons/...; wait until every one has loaded.
	await page.waitForFunction(
		`Array.from(document.querySelectorAll('[data-test-id="canvas-node"] img')).every((img) => img.complete && img.naturalWidth > 0)`,
	);
	await page.waitForTimeout(1000);
	await dismissPopups(page);
	say(`opened "${workflow.name}" (${page.url()})`);
	return page;
}

function canvasNode(page: Page, name: string): Locator {
	return page.locator('[data-test-id="canvas-node"]').filter({ hasText: name }).first();
}

async function openNode(page: Page, name: string): Promise<Locator> {
	await canvasNode(page, name).dblclick();
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.waitFor({ state: 'visible' });
	await ndv.getByText('Operation', { exact: true }).first().waitFor({ state: 'visible' });
	// The neighbouring nodes' shortcut buttons at the panel's edges only clutter a screenshot.
	await page.addStyleTag({ content: '[data-test-id="floating-nodes"] { visibility: hidden !important; }' });
	await page.waitForTimeout(800);
	say(`opened the "${name}" node's parameters`);
	return ndv;
}

async function shoot(page: Page, file: string, what: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
	await page.screenshot({ path: file, animations: 'disabled', clip });
	const { size } = await stat(file);
	say(`wrote ${path.relative(repoRoot(), file)} (${Math.round(size / 1024)} KB): ${what}`);
}

async function main(): Promise<void> {
	const outDir = path.join(repoRoot(), 'docs', 'images');
	await mkdir(outDir, { recursive: true });

	const given = process.env.SCREENSHOTS_N8N_URL?.replace(/\/+$/, '');
	const target: Target = given
		? {
				url: given,
				email: process.env.SCREENSHOTS_N8N_EMAIL ?? DEFAULT_OWNER.email,
				password: process.env.SCREENSHOTS_N8N_PASSWORD ?? DEFAULT_OWNER.password,
				stop: async () => undefined,
			}
		: await startOwnN8n();
	if (given) say(`using the running n8n at ${given}`);

	let browser: Browser | undefined;
	const cleanUp = async () => {
		await browser?.close().catch(() => undefined);
		await target.stop();
	};
	// Ctrl-C: still stop the browser, n8n and the simulator.
	process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
	try {
		// A launched (not persistent) browser gets a fresh temporary profile, removed on close.
		browser = await chromium.launch({
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		});
		const context = await browser.newContext({
			viewport: VIEWPORT,
			deviceScaleFactor: 1,
			locale: 'en-US',
			timezoneId: 'Asia/Shanghai',
		});
		context.setDefaultTimeout(TIMEOUT_MS);

		// The editor's own log-in call; its session cookie lands in this browser context.
		const login = await context.request.post(`${target.url}/rest/login`, {
			data: { emailOrLdapLoginId: target.email, password: target.password },
		});
		if (!login.ok()) throw new Error(`POST /rest/login answered ${login.status()}: ${(await login.text()).slice(0, 200)}`);
		say(`logged in as ${target.email}`);
		// The editor's own calls, with the session the log-in left in this browser context.
		if (!(await context.request.get(`${target.url}/rest/workflows/${WORKFLOW_REPORTS.id}`)).ok()) {
			const created = await context.request.post(`${target.url}/rest/workflows`, { data: WORKFLOW_REPORTS });
			if (!created.ok()) throw new Error(`creating "${WORKFLOW_REPORTS.name}" answered ${created.status()}: ${(await created.text()).slice(0, 200)}`);
			say(`created the workflow "${WORKFLOW_REPORTS.name}"`);
		}

		// 1. The trigger workflow's canvas.
		let page = await openWorkflow(context, target.url, WORKFLOW_CANVAS);
		await canvasNode(page, 'Failed SMS Reports').waitFor({ state: 'visible' });
		await shoot(page, path.join(outDir, 'workflow.png'), `the "${WORKFLOW_CANVAS.name}" canvas`);
		await closeWorkflow(page);

		// 2. The node's parameters, with Return All off so Limit shows too (never saved). One page
		// for this and the run: n8n 2.x gives one editor tab at a time write access to a workflow
		// (a lock held for up to 2 minutes), and other tabs see it read-only, without "Execute step".
		page = await openWorkflow(context, target.url, WORKFLOW_REPORTS);
		const ndv = await openNode(page, REPORTS_NODE);
		const returnAll = ndv.locator('[data-test-id="parameter-input-returnAll"]');
		const limit = ndv.getByText('Limit', { exact: true }).first();
		await setSwitch(returnAll, false, limit);
		await page.mouse.move(0, VIEWPORT.height - 1);
		await page.waitForTimeout(500);
		await shoot(page, path.join(outDir, 'node-parameters.png'), `the "${REPORTS_NODE}" node's parameters`);
		await setSwitch(returnAll, true, limit);

		// 3. Execute the node (its parents run first) and show the reports it returned.
		// n8n 2.41 labels the button "Execute step" (older: "Test step"); data-test-id where it has one.
		await ndv
			.locator('[data-test-id="node-execute-button"]')
			.or(ndv.getByRole('button', { name: /^(Execute|Test) step$/ }))
			.or(ndv.getByText(/^(Execute|Test) step$/))
			.first()
			.click();
		say('executing the node…');
		const output = ndv.locator('[data-test-id="output-panel"]');
		await output.getByText(/\d+ items?/).first().waitFor({ state: 'visible', timeout: EXECUTION_TIMEOUT_MS });
		await output.locator('table').first().waitFor({ state: 'visible' });
		await page.mouse.move(0, VIEWPORT.height - 1);
		await page.waitForTimeout(1000);
		await dismissToasts(page);
		// Parameters and output only: the input panel shows the simulator's Chinese send answer,
		// which renders as boxes on systems without CJK fonts.
		const dialog = await ndv.boundingBox();
		const input = await ndv.locator('[data-test-id="ndv-input-panel"]').boundingBox();
		if (!dialog || !input) throw new Error('the node panel has no size');
		const left = input.x + input.width;
		const clip = { x: left, y: dialog.y, width: dialog.x + dialog.width - left, height: dialog.height };
		await shoot(page, path.join(outDir, 'execution-output.png'), `the "${REPORTS_NODE}" node's output after a run`, clip);
		await closeWorkflow(page);
	} finally {
		await cleanUp();
	}
}

/** Turns an n8n switch parameter on or off; `shows` is what appears when it is off. Retried: a click
 * made while the panel is still settling can be lost. */
async function setSwitch(parameter: Locator, on: boolean, shows: Locator): Promise<void> {
	const box = parameter.locator('[role="switch"]');
	for (let attempt = 0; attempt < 5; attempt++) {
		if ((await box.getAttribute('aria-checked')) === String(on) && (await shows.isVisible()) !== on) return;
		await parameter.locator('.el-switch__core').click();
		await parameter.page().waitForTimeout(1000);
	}
	throw new Error(`could not turn the switch ${on ? 'on' : 'off'} (is the workflow open read-only?)`);
}

/** Leaves the page the way a user closing the tab would (which lets n8n release its write lock). */
async function closeWorkflow(page: Page): Promise<void> {
	page.on('dialog', (dialog) => void dialog.accept().catch(() => undefined));
	await page.close({ runBeforeUnload: true });
	await page.waitForEvent('close', { timeout: 10_000 }).catch(() => undefined);
}

/** Success toasts would cover part of the output panel. */
async function dismissToasts(page: Page): Promise<void> {
	const closers = page.locator('.el-notification__closeBtn:visible');
	for (let i = (await closers.count()) - 1; i >= 0; i--) await closers.nth(i).click({ timeout: 2000 }).catch(() => undefined);
	await page.waitForTimeout(400);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`\nnpm run screenshots failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	},
);
