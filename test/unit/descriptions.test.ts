// n8n's lint rules want some defaults written as literals in the descriptions; the options module
// falls back to the same values when a parameter is absent. These must not drift apart.
import { MobsetSmsReports } from '../../nodes/MobsetSmsReports/MobsetSmsReports.node';
import { MobsetSmsReportsTrigger } from '../../nodes/MobsetSmsReportsTrigger/MobsetSmsReportsTrigger.node';
import { requestTimeoutOption, parallelRequestsOption } from '../../nodes/shared/descriptions';
import {
	DEFAULT_LIMIT,
	DEFAULT_MAX_REPORTS_PER_POLL,
	MAX_LIMIT,
	MAX_PARALLEL_REQUESTS,
	REQUEST_TIMEOUT_SECONDS,
} from '../../nodes/shared/options';

const property = (properties: Array<{ name: string }>, name: string) => properties.find((p) => p.name === name) as never as {
	default: unknown;
	typeOptions?: { minValue?: number; maxValue?: number };
};

describe('what the editor shows matches what the options module enforces', () => {
	it('Request Timeout: default and bounds', () => {
		expect(requestTimeoutOption.default).toBe(REQUEST_TIMEOUT_SECONDS.default);
		expect(requestTimeoutOption.typeOptions).toMatchObject({ minValue: REQUEST_TIMEOUT_SECONDS.min, maxValue: REQUEST_TIMEOUT_SECONDS.max });
	});

	it('Parallel Requests: bounds', () => {
		expect(parallelRequestsOption.typeOptions).toMatchObject({ minValue: 1, maxValue: MAX_PARALLEL_REQUESTS });
	});

	it('Limit: default and bounds', () => {
		const limit = property(new MobsetSmsReports().description.properties, 'limit');
		expect(limit.default).toBe(DEFAULT_LIMIT);
		expect(limit.typeOptions).toMatchObject({ minValue: 1, maxValue: MAX_LIMIT });
	});

	it('Max Reports per Poll: default and bounds', () => {
		const max = property(new MobsetSmsReportsTrigger().description.properties, 'maxReportsPerPoll');
		expect(max.default).toBe(DEFAULT_MAX_REPORTS_PER_POLL);
		expect(max.typeOptions).toMatchObject({ minValue: 1, maxValue: MAX_LIMIT });
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
