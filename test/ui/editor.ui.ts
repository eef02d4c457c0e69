// What a first-time user sees in the editor, in Chromium against the real n8n of the end-to-end set-up
// (the packed package installed as a community package) and the Mobset simulator: log in, create the
// credential with a right and a wrong password and press Test, add the node from the panel, set a
// limit, execute, read the output, split the output by outcome; with the Mobset SMS node get the
// balance, send one SMS and read the reply to it, submit a template and list it; fetch the trigger's
// test event with a broken credential; see the package as Settings → Community Nodes lists it, and a
// credential saved by 0.1.0 as the form shows it. Assertions are on what the page shows, and, for
// the send and the template, on what reached Mobset. The steps build on each other, as a user's do.
//
// Screenshots of each step go to .cache/ui/ (kept as CI artefacts); with UI_README_IMAGES=1 the
// README's pictures (docs/images) are retaken from the same run.
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';

import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

import { PAGE_SIZE } from '../../nodes/protocol/drain';
import { OUTCOME_OUTPUT_NAMES } from '../../nodes/protocol/reports';
import { pagesHint } from '../../nodes/shared/descriptions';
import { describeServiceError, testButtonText } from '../../nodes/shared/errors';
import type { N8nInstance } from '../../tools/n8n/instance';
import { LocalRegistry } from '../../tools/n8n/registry';
import { DEFAULT_OWNER } from '../../tools/n8n/rest';
import { ensureN8nRuntime } from '../../tools/n8n/runtime';
import { repoRoot, startInstalledN8n } from '../../tools/n8n/setup';
import { startSimulator, type MobsetSimulator } from '../../tools/simulator';
import { launchChromium } from '../../tools/ui/browser';

const SHOTS = path.join(repoRoot(), '.cache', 'ui');
/** What n8n's installer installed: the packed package.json's name and version. */
const PACKAGE = JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { name: string; version: string };
const README_IMAGES = path.join(repoRoot(), 'docs', 'images');
const VIEWPORT = { width: 1440, height: 900 };
/** Generous: up to five agents share two cores here, and CI machines are small. */
const STEP_TIMEOUT_MS = 90_000;

const REFUSED = describeServiceError(-2, '');
const QUEUED = 120;
const LIMIT = 100;
const RIGHT = 'Mobset (right password)';
const WRONG = 'Mobset (wrong password)';
const SAVED_BY_0_1 = 'Mobset (saved by 0.1.0)';
/** Pasted as people paste numbers; Mobset must receive the bare 11 digits. */
const PASTED_NUMBER = '+86 138-0013-8000';
const NUMBER = '13800138000';
const TEXT = '您的订单已发货，请留意查收。';
const REPLY = '收到，谢谢';
const TEMPLATE = { name: '发货通知', content: '您的订单{1}已发货，请留意查收。', remark: '订单发货后通知客户' };

let simulator: MobsetSimulator;
let registry: LocalRegistry;
let n8n: N8nInstance;
let browser: Browser;
let context: BrowserContext;
let page: Page;

type Box = { x: number; y: number; width: number; height: number };

async function shoot(name: string, readmeName?: string, clip?: Locator | Box): Promise<void> {
	const file = path.join(SHOTS, `${name}.png`);
	// Toasts ("Node executed successfully") would cover part of the picture.
	const closers = page.locator('.el-notification__closeBtn:visible');
	for (let i = (await closers.count()) - 1; i >= 0; i--) await closers.nth(i).click({ timeout: 2000 }).catch(() => undefined);
	await page.mouse.move(0, VIEWPORT.height - 1);
	await page.waitForTimeout(500);
	const box = clip && 'boundingBox' in clip ? await clip.boundingBox() : clip;
	await page.screenshot({ path: file, animations: 'disabled', ...(box && { clip: box }) });
	if (readmeName && process.env.UI_README_IMAGES === '1') await copyFile(file, path.join(README_IMAGES, readmeName));
}

/** Picks an option of an n8n select (parameter or credential) by its visible text. */
async function choose(select: Locator, option: string): Promise<void> {
	await select.click();
	await page.locator('.el-select-dropdown__item:visible, .el-select-dropdown li:visible').filter({ hasText: option }).first().click();
}

/** Creates a Mobset API credential in the editor's form (Endpoint: Custom URL, the simulator) and saves it, which runs its Test. */
async function createCredential(name: string, password: string): Promise<Locator> {
	await page.goto(`${n8n.url}/home/credentials`);
	await page.locator('[data-test-id="add-resource-credential"], [data-test-id="empty-resources-list"] button').first().click();
	await page.locator('[data-test-id="new-credential-type-select"] input').fill('Mobset');
	await page.locator('[data-test-id="new-credential-type-select-option"]').filter({ hasText: 'Mobset API' }).click();
	await page.locator('[data-test-id="new-credential-type-button"]').click();
	const modal = page.locator('[data-test-id="editCredential-modal"]');
	// Before a choice is made, the form offers the official endpoint and its connection, no URL.
	await expectVisible(modal.locator('[data-test-id="parameter-input-transport"]'));
	expect(await modal.locator('[data-test-id="parameter-input-customUrl"]').count()).toBe(0);

	await modal.locator('[data-test-id="credential-name"]').click();
	await modal.locator('[data-test-id="inline-edit-input"]').fill(name);
	await modal.locator('[data-test-id="inline-edit-input"]').press('Enter');
	await modal.locator('[data-test-id="parameter-input-corpId"] input').fill(simulator.account.corpId);
	await modal.locator('[data-test-id="parameter-input-loginName"] input').fill(simulator.account.loginName);
	await modal.locator('[data-test-id="parameter-input-password"] input').fill(password);
	await choose(modal.locator('[data-test-id="parameter-input-endpoint"]'), 'Custom URL');
	// Custom URL: the Base URL replaces the connection choice.
	await modal.locator('[data-test-id="parameter-input-customUrl"] input').fill(simulator.url);
	expect(await modal.locator('[data-test-id="parameter-input-transport"]').count()).toBe(0);
	await modal.locator('[data-test-id="credential-save-button"]').click();
	return modal;
}

async function closeCredential(modal: Locator): Promise<void> {
	await page.keyboard.press('Escape');
	await modal.waitFor({ state: 'hidden' });
}

async function expectVisible(locator: Locator, timeout = STEP_TIMEOUT_MS): Promise<void> {
	await locator.first().waitFor({ state: 'visible', timeout });
}

/** Opens the node panel on an empty canvas (the first step) or from a node's "+" handle. */
async function openNodePanel(from: 'first step' | Locator): Promise<Locator> {
	if (from === 'first step') await page.locator('[data-test-id="canvas-add-button"]').click();
	else await from.click();
	const search = page.locator('[data-test-id="node-creator-search-bar"]');
	await search.waitFor({ state: 'visible' });
	return search;
}

async function pickFromPanel(search: Locator, query: string, item: string): Promise<void> {
	await search.fill(query);
	await page.locator('[data-test-id="node-creator-item-name"]').getByText(item, { exact: true }).click();
}

async function useCredential(ndv: Locator, name: string): Promise<void> {
	const select = ndv.locator('[data-test-id="node-credentials-select"]');
	await select.waitFor({ state: 'visible' });
	if ((await select.locator('input').inputValue()) !== name) await choose(select, name);
	await expect(select.locator('input').inputValue()).resolves.toBe(name);
}

/** Turns an n8n switch parameter on; retried, since a click made while the panel settles can be lost. */
async function switchOn(parameter: Locator): Promise<void> {
	const box = parameter.locator('[role="switch"]');
	for (let attempt = 0; attempt < 5 && (await box.getAttribute('aria-checked')) !== 'true'; attempt++) {
		await parameter.locator('.el-switch__core').click();
		await page.waitForTimeout(500);
	}
	expect(await box.getAttribute('aria-checked')).toBe('true');
}

/** A new workflow: a Manual Trigger, then Mobset SMS added by one of its actions, with the right credential. */
async function addMobsetSms(action: string): Promise<Locator> {
	await page.goto(`${n8n.url}/workflow/new`);
	await pickFromPanel(await openNodePanel('first step'), 'Manual', 'Manual Trigger');
	await page.keyboard.press('Escape');
	await pickFromPanel(await openNodePanel(page.locator('[data-test-id="canvas-handle-plus"]').first()), 'Mobset', 'Mobset SMS');
	await page.getByText(action, { exact: true }).click();
	const ndv = page.locator('[data-test-id="ndv"]');
	await useCredential(ndv, RIGHT);
	return ndv;
}

/** Types into a string parameter (a one-line input or a text area) and leaves it, as a user does. */
async function fillParameter(ndv: Locator, name: string, value: string): Promise<void> {
	const field = ndv.locator(`[data-test-id="parameter-input-${name}"]`).locator('input, textarea').first();
	await field.fill(value);
	await field.press('Tab');
	await expect(field.inputValue()).resolves.toBe(value);
}

/** Presses Execute step and returns the output table once it shows `items` ("1 item", "100 items"). */
async function executeStep(ndv: Locator, items: string): Promise<{ table: Locator; headers: string }> {
	await ndv.locator('[data-test-id="node-execute-button"]').click();
	const output = ndv.locator('[data-test-id="output-panel"]');
	await expectVisible(output.getByText(items, { exact: true }));
	const table = output.locator('table').first();
	await expectVisible(table);
	return { table, headers: (await table.locator('th').allInnerTexts()).join(' ') };
}

beforeAll(async () => {
	await rm(SHOTS, { recursive: true, force: true });
	await mkdir(SHOTS, { recursive: true });
	const runtime = await ensureN8nRuntime();
	simulator = await startSimulator({ port: 0, seed: 20261202 });
	simulator.seedReports(QUEUED, { deliveredRatio: 0.6 });
	registry = await LocalRegistry.start(runtime);
	// Installed through n8n's own community-package installer, as a user installs it; running.
	({ instance: n8n } = await startInstalledN8n({
		runtime,
		registry,
		// Inside the repository (git-ignored), emptied at each run and kept afterwards as evidence.
		userFolder: path.join(repoRoot(), '.cache', 'ui-n8n'),
		fresh: true,
		// As 0.1.0 saved a credential with a Base URL: before the Endpoint field existed.
		credentials: [
			{
				id: 'mobsetSavedBy010',
				name: SAVED_BY_0_1,
				type: 'mobsetApi',
				data: { ...simulator.account, transport: 'https', baseUrl: simulator.url },
			},
		],
		workflows: [],
	}));
	browser = await launchChromium();
	context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'en-US', timezoneId: 'Asia/Shanghai' });
	context.setDefaultTimeout(STEP_TIMEOUT_MS);
	context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
	page = await context.newPage();
}, 15 * 60_000);

afterAll(async () => {
	await browser?.close().catch(() => undefined);
	await n8n?.stop();
	await registry?.close();
	await simulator?.close();
});

afterEach(async () => {
	// The state the page was left in, for whoever reads a failure.
	const name = expect.getState().currentTestName?.replace(/[^\w]+/g, '-').slice(0, 80) ?? 'step';
	await page?.screenshot({ path: path.join(SHOTS, `after-${name}.png`) }).catch(() => undefined);
});

describe('the editor, as a first-time user meets it', () => {
	it('logs in through the sign-in form', async () => {
		await page.goto(`${n8n.url}/signin`);
		await page.locator('#emailOrLdapLoginId').fill(DEFAULT_OWNER.email);
		await page.locator('#password').fill(DEFAULT_OWNER.password);
		await page.locator('[data-test-id="form-submit-button"]').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
		// A fresh n8n greets its owner with its first-automation page.
		await expectVisible(page.getByText(/Let's build your first automation|Overview/));
	});

	it('creates the credential with the right password, and its Test succeeds', async () => {
		const modal = await createCredential(RIGHT, simulator.account.password);
		await expectVisible(modal.getByText('Connection tested successfully'));
		await shoot('credential-ok');
		await closeCredential(modal);
	});

	it('creates one with a wrong password, and its Test says what the node would say', async () => {
		const modal = await createCredential(WRONG, 'not-the-password');
		await expectVisible(modal.getByText('Couldn’t connect with these settings'));
		await modal.getByText('More details', { exact: true }).click();
		await expectVisible(modal.getByText(testButtonText(REFUSED.headline, REFUSED.description), { exact: true }));
		await shoot('credential-wrong-password', 'credential-test.png', modal);
		await closeCredential(modal);
	});

	it('adds Mobset SMS Reports from the node panel, by the action n8n lists', async () => {
		await page.goto(`${n8n.url}/workflow/new`);
		await pickFromPanel(await openNodePanel('first step'), 'Manual', 'Manual Trigger');
		await page.keyboard.press('Escape');
		await pickFromPanel(await openNodePanel(page.locator('[data-test-id="canvas-handle-plus"]').first()), 'Mobset', 'Mobset SMS Reports');
		await page.getByText('Get many delivery reports', { exact: true }).click();
		const ndv = page.locator('[data-test-id="ndv"]');
		await expectVisible(ndv.locator('[data-test-id="parameter-input-limit"]'));
		await useCredential(ndv, RIGHT);
		// Return All is off, so its "keeps fetching" notice is not shown; the Limit explains pages.
		expect(await ndv.getByText('Keeps fetching until Mobset has no reports left').count()).toBe(0);
		await expectVisible(ndv.getByText(pagesHint('report', 'reports'), { exact: true }));
	});

	it(`sets Limit ${LIMIT}, executes the step, and reads ${LIMIT} reports in the output table`, async () => {
		const ndv = page.locator('[data-test-id="ndv"]');
		const limit = ndv.locator('[data-test-id="parameter-input-limit"] input');
		await limit.fill(String(LIMIT));
		await limit.press('Tab');
		await shoot('node-parameters', 'node-parameters.png');

		const { table, headers } = await executeStep(ndv, `${LIMIT} items`);
		for (const column of ['smsId', 'status', 'delivered', 'reportTime']) expect(headers).toContain(column);
		const firstRow = await table.locator('tbody tr').first().innerText();
		expect(firstRow).toMatch(/delivered|failed|pending|unknown/);
		expect(firstRow).toMatch(/\+08:00/);
		// Parameters and output: the input panel only says the manual trigger ran.
		const dialog = await ndv.boundingBox();
		const input = await ndv.locator('[data-test-id="ndv-input-panel"]').boundingBox();
		if (!dialog || !input) throw new Error('the node panel has no size');
		const left = input.x + input.width;
		await shoot('execution-output', 'execution-output.png', { x: left, y: dialog.y, width: dialog.x + dialog.width - left, height: dialog.height });
	});

	it('switches on Split Output by Outcome and shows three labelled outputs on the canvas', async () => {
		const ndv = page.locator('[data-test-id="ndv"]');
		await switchOn(ndv.locator('[data-test-id="parameter-input-splitByOutcome"]'));
		await ndv.locator('[data-test-id="ndv-close-button"]').click();
		await ndv.waitFor({ state: 'hidden' });
		const node = page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'Mobset SMS Reports' });
		for (const label of OUTCOME_OUTPUT_NAMES) await expectVisible(node.locator('[data-test-id="canvas-node-output-handle"]').getByText(label, { exact: true }));
		expect(await node.locator('[data-test-id="canvas-node-output-handle"]').count()).toBe(OUTCOME_OUTPUT_NAMES.length);
		// The subtitle says what the node does with this limit.
		await expectVisible(node.getByText(`Get up to ${Math.max(PAGE_SIZE, LIMIT)} delivery reports`, { exact: true }));
		await shoot('split-outputs', 'workflow.png');
	});

	it('adds Mobset SMS from the panel by its action, gets the balance and reads it in the output', async () => {
		const ndv = await addMobsetSms('Get the SMS balance');
		const { table, headers } = await executeStep(ndv, '1 item');
		expect(headers).toContain('balance');
		expect(await table.locator('tbody tr').first().innerText()).toMatch(/\d/);
		await shoot('sms-balance');
		await ndv.locator('[data-test-id="ndv-close-button"]').click();
	});

	it('sends an SMS to a pasted number: one output item with its SmsId, and Mobset received exactly that message once', async () => {
		expect(simulator.counters().sends).toEqual([]);
		const ndv = await addMobsetSms('Send an SMS');
		await fillParameter(ndv, 'phoneNumbers', PASTED_NUMBER);
		await fillParameter(ndv, 'message', TEXT);
		const { table, headers } = await executeStep(ndv, '1 item');
		for (const column of ['smsId', 'phoneNumber', 'accepted', 'segments']) expect(headers).toContain(column);

		const { sends, sent } = simulator.counters();
		expect(sent).toBe(1);
		expect(sends).toHaveLength(1);
		expect(sends[0]).toMatchObject({ method: 'SmsSend', numbers: [NUMBER], content: TEXT, segments: 1, answerLost: false });
		// The row the user reads carries the id Mobset gave that message, the number as sent, and acceptance.
		const row = await table.locator('tbody tr').first().innerText();
		expect(row).toContain(sends[0].smsIds[0]);
		expect(row).toContain(NUMBER);
		expect(row).toMatch(/\btrue\b/);
		await shoot('sms-send');
		await ndv.locator('[data-test-id="ndv-close-button"]').click();
	});

	it('gets the reply to that SMS with Reply → Get Many, once', async () => {
		simulator.seedReplies([{ phoneNumber: NUMBER, content: REPLY }]);
		const ndv = await addMobsetSms('Get many replies');
		const { table, headers } = await executeStep(ndv, '1 item');
		for (const column of ['phoneNumber', 'content', 'recvTime']) expect(headers).toContain(column);
		const row = await table.locator('tbody tr').first().innerText();
		expect(row).toContain(NUMBER);
		expect(row).toContain(REPLY);
		expect(row).toMatch(/\+08:00/);
		// Replies are handed out once: the simulator's queue has given it away and holds no other.
		const counters = simulator.counters();
		expect(counters.recvDequeued).toBe(1);
		expect(counters.recvQueued).toBe(0);
		// Leaving the send's workflow and running another sent nothing again.
		expect(counters.sent).toBe(1);
		await shoot('sms-replies');
		await ndv.locator('[data-test-id="ndv-close-button"]').click();
	});

	it('submits a template for review with Template → Create, and Template → Get Many lists it', async () => {
		expect(simulator.templates().some((t) => t.templateName === TEMPLATE.name)).toBe(false);
		let ndv = await addMobsetSms('Create a template');
		await fillParameter(ndv, 'templateName', TEMPLATE.name);
		await fillParameter(ndv, 'templateContent', TEMPLATE.content);
		await fillParameter(ndv, 'remark', TEMPLATE.remark);
		let { table, headers } = await executeStep(ndv, '1 item');
		for (const column of ['templateId', 'name', 'code']) expect(headers).toContain(column);
		// Mobset holds exactly that template, under the id the user reads.
		const created = simulator.templates().filter((t) => t.templateName === TEMPLATE.name);
		expect(created).toEqual([expect.objectContaining({ templateContent: TEMPLATE.content, remark: TEMPLATE.remark, templateType: '1' })]);
		expect(await table.locator('tbody tr').first().innerText()).toContain(created[0].templateId);
		await shoot('template-create');
		await ndv.locator('[data-test-id="ndv-close-button"]').click();

		ndv = await addMobsetSms('Get many templates');
		({ table, headers } = await executeStep(ndv, `${simulator.templates().length} item${simulator.templates().length === 1 ? '' : 's'}`));
		for (const column of ['templateId', 'name', 'content', 'status']) expect(headers).toContain(column);
		const rows = await table.locator('tbody tr').allInnerTexts();
		const row = rows.find((text) => text.includes(created[0].templateId));
		expect(row).toContain(TEMPLATE.name);
		expect(row).toContain(TEMPLATE.content);
		// The type by the name the user picked when creating it, not Mobset's code.
		expect(row).toContain('notification');
		await shoot('template-get-many');
		await ndv.locator('[data-test-id="ndv-close-button"]').click();
	});

	it('fetches the trigger\'s test event with the broken credential, and the test fails as a published poll would', async () => {
		await page.goto(`${n8n.url}/workflow/new`);
		await pickFromPanel(await openNodePanel('first step'), 'Mobset', 'Mobset SMS Reports');
		// n8n's node panel names the trigger's event after its "Trigger On" field.
		await page.getByText('On delivery report received', { exact: true }).click();
		const ndv = page.locator('[data-test-id="ndv"]');
		await useCredential(ndv, WRONG);
		await ndv.getByRole('button', { name: 'Fetch Test Event' }).first().click();
		await expectVisible(ndv.getByText(REFUSED.headline, { exact: true }));
		await expectVisible(ndv.getByText(REFUSED.description, { exact: true }));
		await shoot('trigger-test-event-refused', 'trigger-test-event.png', ndv);

		// Choosing live test runs puts the warning next to the field, not only inside the dropdown.
		const warning = 'Test runs take real reports from Mobset. Each is then gone: the active workflow will never receive it.';
		expect(await ndv.getByText(warning, { exact: true }).count()).toBe(0);
		await choose(ndv.locator('[data-test-id="parameter-input-testRunBehavior"]'), 'Fetch Live Reports');
		await expectVisible(ndv.getByText(warning, { exact: true }));
		await shoot('trigger-live-test-runs');
	});

	it('lists the package under Settings → Community Nodes, with its version and its nodes', async () => {
		await page.goto(`${n8n.url}/settings/community-nodes`);
		await expectVisible(page.getByText(PACKAGE.name, { exact: true }));
		await expectVisible(page.getByText(`v${PACKAGE.version}`, { exact: true }));
		// The card lists the loaded nodes as "4 nodes: A,B,C,D".
		const listed = /(\d+) nodes:\s*([^\n]+)/.exec(await page.locator('body').innerText());
		const names = (listed?.[2] ?? '').split(',').map((name) => name.trim()).sort();
		expect(names).toEqual(['Mobset SMS', 'Mobset SMS Replies Trigger', 'Mobset SMS Reports', 'Mobset SMS Reports Trigger']);
		expect(listed?.[1]).toBe('4');
		await shoot('community-nodes', 'community-nodes.png');
	});

	it('opens a credential saved by 0.1.0: its Base URL alone, and clearing it brings back Endpoint and Connection', async () => {
		await page.goto(`${n8n.url}/home/credentials`);
		await page.locator('[data-test-id="resources-list-item"]').filter({ hasText: SAVED_BY_0_1 }).first().click();
		const modal = page.locator('[data-test-id="editCredential-modal"]');
		const field = (name: string) => modal.locator(`[data-test-id="parameter-input-${name}"]`);
		await expectVisible(field('baseUrl'));
		expect(await field('baseUrl').locator('input').inputValue()).toBe(simulator.url);
		for (const hidden of ['endpoint', 'transport', 'customUrl']) expect(await field(hidden).count()).toBe(0);
		await shoot('credential-saved-by-0.1.0');

		await field('baseUrl').locator('input').fill('');
		await expectVisible(field('endpoint'));
		await expectVisible(field('transport'));
		expect(await field('baseUrl').count()).toBe(0);
		// Closed without saving.
		await page.keyboard.press('Escape');
		await page.locator('.el-message-box').getByRole('button', { name: 'Close', exact: true }).click();
		await modal.waitFor({ state: 'hidden' });
	});
});
