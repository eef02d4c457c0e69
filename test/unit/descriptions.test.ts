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
