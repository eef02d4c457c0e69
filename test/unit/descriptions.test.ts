// n8n's lint rules want some defaults written as literals in the descriptions; the options module
// falls back to the same values when a parameter is absent. These must not drift apart.
import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { MobsetSms } from '../../nodes/MobsetSms/MobsetSms.node';
import { MobsetSmsRepliesTrigger } from '../../nodes/MobsetSmsRepliesTrigger/MobsetSmsRepliesTrigger.node';
import { PAGE_SIZE } from '../../nodes/protocol/drain';
import { MobsetSmsReports } from '../../nodes/MobsetSmsReports/MobsetSmsReports.node';
import { MobsetSmsReportsTrigger } from '../../nodes/MobsetSmsReportsTrigger/MobsetSmsReportsTrigger.node';
import { confirmationTimeoutOption, requestTimeoutOption, parallelRequestsOption } from '../../nodes/shared/descriptions';
import {
	CONFIRMATION_TIMEOUT_MINUTES,
	DEFAULT_LIMIT,
	DEFAULT_MAX_PER_POLL,
	MAX_LIMIT,
	MAX_PARALLEL_REQUESTS,
	REQUEST_TIMEOUT_SECONDS,
} from '../../nodes/shared/options';
import { buildWorkflow } from '../../tools/harness/workflow';

const property = (properties: Array<{ name: string }>, name: string) => properties.find((p) => p.name === name) as never as {
	default: unknown;
	typeOptions?: { minValue?: number; maxValue?: number };
};

describe('what the editor shows matches what the options module enforces', () => {
	it('Request Timeout: default and bounds', () => {
		expect(requestTimeoutOption.default).toBe(REQUEST_TIMEOUT_SECONDS.default);
		expect(requestTimeoutOption.typeOptions).toMatchObject({ minValue: REQUEST_TIMEOUT_SECONDS.min, maxValue: REQUEST_TIMEOUT_SECONDS.max });
	});

	it('Confirmation Timeout: default and bounds', () => {
		expect(confirmationTimeoutOption.default).toBe(CONFIRMATION_TIMEOUT_MINUTES.default);
		expect(confirmationTimeoutOption.typeOptions).toMatchObject({ minValue: CONFIRMATION_TIMEOUT_MINUTES.min, maxValue: CONFIRMATION_TIMEOUT_MINUTES.max });
	});

	it('Parallel Requests: bounds', () => {
		expect(parallelRequestsOption.typeOptions).toMatchObject({ minValue: 1, maxValue: MAX_PARALLEL_REQUESTS });
	});

	it('Limit: default and bounds', () => {
		const limit = property(new MobsetSmsReports().description.properties, 'limit');
		expect(limit.default).toBe(DEFAULT_LIMIT);
		expect(limit.typeOptions).toMatchObject({ minValue: PAGE_SIZE, maxValue: MAX_LIMIT });
	});

	it('Max Reports per Poll: default and bounds', () => {
		const max = property(new MobsetSmsReportsTrigger().description.properties, 'maxReportsPerPoll');
		expect(max.default).toBe(DEFAULT_MAX_PER_POLL);
		expect(max.typeOptions).toMatchObject({ minValue: PAGE_SIZE, maxValue: MAX_LIMIT });
	});
});

describe('Mobset SMS node: what the editor shows matches what is enforced', () => {
	it('the send Request Timeout defaults to the send default', async () => {
		const { sendTimeoutOption } = await import('../../nodes/MobsetSms/resources/message/fields');
		const { SEND_TIMEOUT_SECONDS_DEFAULT } = await import('../../nodes/shared/options');
		expect(sendTimeoutOption.default).toBe(SEND_TIMEOUT_SECONDS_DEFAULT);
	});

	it('the Template Content description states the protocol limit', async () => {
		const { MobsetSms } = await import('../../nodes/MobsetSms/MobsetSms.node');
		const { MAX_TEMPLATE_LENGTH } = await import('../../nodes/protocol/sending');
		const content = new MobsetSms().description.properties.find((p) => p.name === 'templateContent');
		expect(content?.description).toContain(`at most ${MAX_TEMPLATE_LENGTH} characters`);
	});

	it('every operation routes to an execute function, and the node is usable as a tool', async () => {
		const { MobsetSms } = await import('../../nodes/MobsetSms/MobsetSms.node');
		const { description } = new MobsetSms();
		expect(description.usableAsTool).toBe(true);
		const operations = description.properties.filter((p) => p.name === 'operation');
		const pairs = operations.flatMap((p) =>
			(p.options as Array<{ value: string }>).map((o) => [(p.displayOptions?.show?.resource as string[])[0], o.value]),
		);
		expect(pairs).toEqual([
			['message', 'send'],
			['message', 'sendTemplate'],
			['reply', 'getMany'],
			['account', 'getBalance'],
			['account', 'getSignature'],
			['template', 'create'],
			['template', 'get'],
			['template', 'getMany'],
		]);
	});
});

describe('what a first-time user reads in the editor matches what the nodes do', () => {
	const reports = new MobsetSmsReports().description;
	const reportsTrigger = new MobsetSmsReportsTrigger().description;
	const repliesTrigger = new MobsetSmsRepliesTrigger().description;
	const sms = new MobsetSms().description;
	const named = (properties: INodeProperties[], name: string) => properties.filter((p) => p.name === name);

	/** The canvas subtitle as the editor computes it: an expression over the node's parameters. */
	function subtitle(nodeType: MobsetSmsReports | MobsetSmsReportsTrigger, parameters: INodeParameters): unknown {
		const { workflow, node } = buildWorkflow({ nodeType, parameters });
		return workflow.expression.getSimpleParameterValue(node, nodeType.description.subtitle!, 'internal', {});
	}

	it.each([
		[{ returnAll: true }, 'Get all delivery reports'],
		[{ returnAll: false, limit: 200 }, 'Get up to 200 delivery reports'],
		// A limit saved before the minimum was one page still fetches a whole page.
		[{ returnAll: false, limit: 20 }, 'Get up to 50 delivery reports'],
	])('the Reports subtitle for %j says "%s"', (parameters, text) => {
		expect(subtitle(new MobsetSmsReports(), parameters)).toBe(text);
	});

	it('the trigger subtitle never promises less than a page', () => {
		expect(subtitle(new MobsetSmsReportsTrigger(), { maxReportsPerPoll: 20 })).toBe('Up to 50 reports per poll');
		expect(subtitle(new MobsetSmsReportsTrigger(), { maxReportsPerPoll: 500 })).toBe('Up to 500 reports per poll');
	});

	it('Limit and the per-poll maximums start at one page and say why', () => {
		const fields = [
			...named(reports.properties, 'limit'),
			...named(sms.properties, 'limit').filter((p) => p.displayOptions?.show?.resource?.includes('reply')),
			...named(reportsTrigger.properties, 'maxReportsPerPoll'),
			...named(repliesTrigger.properties, 'maxRepliesPerPoll'),
		];
		expect(fields).toHaveLength(4);
		for (const field of fields) {
			expect(field.typeOptions?.minValue).toBe(PAGE_SIZE);
			expect(field.hint).toMatch(/pages of up to 50 .* fetched only while a full one still fits under this number\. Every (report|reply) fetched is output\./);
		}
	});

	it('"Keeps fetching until Mobset has none left" shows only while Return All is on', () => {
		const returnAll = [...named(reports.properties, 'returnAll'), ...named(sms.properties, 'returnAll')];
		expect(returnAll.every((p) => p.hint === undefined)).toBe(true);
		const notices = [...named(reports.properties, 'returnAllNotice'), ...named(sms.properties, 'returnAllNotice')];
		expect(notices.map((n) => n.displayName)).toEqual(['Keeps fetching until Mobset has no reports left', 'Keeps fetching until Mobset has no replies left']);
		for (const notice of notices) {
			expect(NodeHelpers.displayParameter({ resource: 'reply', operation: 'getMany', returnAll: true }, notice, null, null)).toBe(true);
			expect(NodeHelpers.displayParameter({ resource: 'reply', operation: 'getMany', returnAll: false }, notice, null, null)).toBe(false);
		}
	});

	it('the Parallel Requests tooltip is short and promises nothing the drain does not keep', () => {
		expect(parallelRequestsOption.description!.length).toBeLessThan(200);
		expect(parallelRequestsOption.description).not.toMatch(/never exceeded/);
	});

	it.each([
		['Reports', reportsTrigger, 'reports'],
		['Replies', repliesTrigger, 'replies'],
	])('the %s Trigger names n8n 2.x buttons, and warns next to the field when test runs fetch live', (_name, description, plural) => {
		const [testRuns] = named(description.properties, 'testRunBehavior');
		expect(testRuns.description).toContain('"Fetch Test Event", "Execute step" and "Execute workflow"');
		expect(JSON.stringify(description)).not.toMatch(/Test step|Test workflow/);
		const [notice] = named(description.properties, 'liveTestRunNotice');
		expect(notice.displayName).toBe(`Test runs take real ${plural} from Mobset. Each is then gone: the active workflow will never receive it.`);
		expect(NodeHelpers.displayParameter({ testRunBehavior: 'live' }, notice, null, null)).toBe(true);
		expect(NodeHelpers.displayParameter({ testRunBehavior: 'sample' }, notice, null, null)).toBe(false);
	});

	it.each([
		[reportsTrigger, 'Delivery Report Received'],
		[repliesTrigger, 'Reply Received'],
	])('a trigger offers its event under "Trigger On", which n8n\'s node panel names its events after', (description, event) => {
		const [field] = description.properties.filter((p) => p.displayName === 'Trigger On');
		expect((field.options as Array<{ name: string }>).map((o) => o.name)).toEqual([event]);
	});
});
