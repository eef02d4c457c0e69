// The whole SMS loop in a real n8n against the simulator, through the example workflows as shipped
// (test/e2e/support/loopWorkflows.ts swaps only their start and Slack): send to 120 customers and
// remember who got which SmsId in n8n's data table; after one poll of the reports trigger, one alert
// per failed delivery naming the phone number and the customer; 退订 replies mark their customers.
import path from 'node:path';

import { dataTableRows, dataTablesOf, ensureDataTable, type DataTable } from '../../tools/n8n/dataTables';
import type { N8nInstance } from '../../tools/n8n/instance';
import { ensureOwner, postWebhook, type Session } from '../../tools/n8n/rest';
import { ensureN8nRuntime } from '../../tools/n8n/runtime';
import { loadExamples, prepareInstance, repoRoot, simulatorCredential, type Workflow } from '../../tools/n8n/setup';
import { startSimulator, type MobsetSimulator } from '../../tools/simulator';
import { alertExampleForCheck, sendExampleForCheck, type Customer } from './support/loopWorkflows';
import { startSink, type Sink } from './support/sink';

const SEND_PATH = 'e2e-send-and-remember';
const EX_STATUS = 'MK:0005';

/** 120 customers; every tenth one's number fails. */
const customers: Customer[] = Array.from({ length: 120 }, (_, i) => ({
	customer: `Customer ${String(i + 1).padStart(3, '0')}`,
	phone: String(13900000000 + i * 7 + 1),
}));
const failing = customers.filter((_, i) => i % 10 === 3);
/** Replies: three ways of writing 退订 / TD / STOP, and replies that must change nothing. */
const unsubscribing = [customers[5], customers[40], customers[77]];
const replies = [
	{ phoneNumber: unsubscribing[0].phone, content: '退订' },
	{ phoneNumber: customers[8].phone, content: '谢谢' },
	{ phoneNumber: unsubscribing[1].phone, content: ' TD ' },
	{ phoneNumber: customers[9].phone, content: 'TD please' },
	{ phoneNumber: unsubscribing[2].phone, content: 'Stop' },
	{ phoneNumber: customers[11].phone, content: '不要退订' },
	// Not a customer: the update finds no row.
	{ phoneNumber: '13700000000', content: 'STOP' },
];

function example(examples: Workflow[], id: string): Workflow {
	const found = examples.find((workflow) => workflow.id === id);
	if (!found) throw new Error(`no example with id ${id}`);
	return found;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

let simulator: MobsetSimulator;
let sink: Sink;
let n8n: N8nInstance;
let send: Workflow;
let alert: Workflow;
let unsubscribe: Workflow;
let tableSpec: ReturnType<typeof dataTablesOf>[number];

beforeAll(async () => {
	const runtime = await ensureN8nRuntime();
	simulator = await startSimulator({
		port: 0,
		seed: 20261202,
		reportDelayMs: 0,
		reportDelayJitterMs: 0,
		failureRule: { numbers: failing.map((c) => c.phone), exStatus: EX_STATUS },
	});
	sink = await startSink();
	const examples = await loadExamples();
	[tableSpec] = dataTablesOf(examples);
	send = sendExampleForCheck(example(examples, 'mobsetSendAndRemember'), SEND_PATH, customers);
	alert = alertExampleForCheck(example(examples, 'mobsetFailedDeliveryAlert'), sink.url);
	unsubscribe = example(examples, 'mobsetUnsubscribeOnReply');
	n8n = await prepareInstance({
		runtime,
		// Kept after the run (git-ignored): n8n.log and the database are the evidence of a failure.
		userFolder: path.join(repoRoot(), '.cache', 'e2e-sms-loop'),
		fresh: true,
		credentials: [simulatorCredential(simulator)],
		workflows: [send, alert, unsubscribe],
		publish: [send.id],
	});
});

afterAll(async () => {
	await n8n?.stop();
	await sink?.close();
	await simulator?.close();
});

describe('the SMS loop in a real n8n', () => {
	let session: Session;
	let table: DataTable;
	const smsIdOf = new Map<string, string>();

	it('"Send SMS and remember who got it": 120 customers in 3 calls, each SmsId stored with its number and customer', async () => {
		await n8n.start();
		session = await ensureOwner(n8n.url);
		table = await ensureDataTable(n8n.url, session, tableSpec);

		const { status, text } = await postWebhook(n8n.url, SEND_PATH, { untilRegistered: true, timeoutMs: 120_000 });

		expect({ status, text: text.slice(0, 300) }).toMatchObject({ status: 200 });
		const counters = simulator.counters();
		expect(counters.requestsByMethod.SmsSend).toBe(3);
		for (const call of counters.sends) call.numbers.forEach((number, i) => smsIdOf.set(number, call.smsIds[i]));
		expect([...smsIdOf.keys()].sort()).toEqual(customers.map((c) => c.phone).sort());
		const rows = await dataTableRows(n8n.url, session, table);
		const stored = rows.map(({ smsId, phoneNumber, customer }) => ({ smsId, phoneNumber, customer }));
		const expected = customers.map((c) => ({ smsId: smsIdOf.get(c.phone), phoneNumber: c.phone, customer: c.customer }));
		const bySmsId = (a: { smsId: unknown }, b: { smsId: unknown }) => String(a.smsId).localeCompare(String(b.smsId));
		expect(stored.sort(bySmsId)).toEqual(expected.sort(bySmsId));
		await n8n.stop();
	});

	describe('with the alert and unsubscribe examples published', () => {
		beforeAll(async () => {
			// Every report is on the simulator's queue before n8n starts, so the start-up poll takes them all.
			await until('the 120 delivery reports', 30_000, async () =>
				simulator.counters({ ids: false }).queuedVisible >= customers.length ? true : undefined,
			);
			simulator.seedReplies(replies);
			await n8n.publishWorkflow(alert.id);
			await n8n.publishWorkflow(unsubscribe.id);
			await n8n.start();
			session = await ensureOwner(n8n.url);
		});

		it('"Alert on failed delivery": after one poll, exactly one alert per failed number, naming its phone number and customer', async () => {
			await sink.waitFor(failing.length, 120_000);
			// Anything sent twice, or a second poll's alerts, would arrive right behind.
			await new Promise((resolve) => setTimeout(resolve, 5_000));

			const alerts = sink.requests.map((request) => request.body);
			expect(alerts).toHaveLength(failing.length);
			expect(simulator.counters({ ids: false }).dequeued).toBe(customers.length);
			expect(new Set(sink.requests.map((request) => request.headers['x-execution-id'])).size).toBe(1);
			const expected = failing.map((c) => ({ smsId: smsIdOf.get(c.phone), phoneNumber: c.phone, customer: c.customer }));
			const received = alerts.map(({ smsId, phoneNumber, customer }) => ({ smsId, phoneNumber, customer }));
			const byPhone = (a: { phoneNumber: unknown }, b: { phoneNumber: unknown }) => String(a.phoneNumber).localeCompare(String(b.phoneNumber));
			expect(received.sort(byPhone)).toEqual(expected.sort(byPhone));
			for (const { text, smsId, phoneNumber, customer } of alerts) {
				expect(text).toContain(`The SMS to ${customer} (${phoneNumber}) was not delivered`);
				expect(text).toContain(`operator code ${EX_STATUS} (SMS ${smsId},`);
			}
		});

		it('"Unsubscribe on 退订": 退订, TD and STOP replies mark exactly those three customers', async () => {
			const marked = await until('three customers marked unsubscribed', 120_000, async () => {
				const rows = await dataTableRows(n8n.url, session, table);
				const unsubscribed = rows.filter((row) => row.unsubscribed === true);
				return unsubscribed.length >= unsubscribing.length ? { rows, unsubscribed } : undefined;
			});
			// An update behind the first three would land right after them.
			await new Promise((resolve) => setTimeout(resolve, 3_000));
			const rows = await dataTableRows(n8n.url, session, table);

			expect(simulator.counters({ ids: false }).recvQueued).toBe(0);
			expect(rows).toHaveLength(customers.length);
			expect(marked.unsubscribed.map((row) => row.customer).sort()).toEqual(unsubscribing.map((c) => c.customer).sort());
			expect(rows.filter((row) => row.unsubscribed === true).map((row) => row.customer).sort()).toEqual(
				unsubscribing.map((c) => c.customer).sort(),
			);
		});
	});
});
