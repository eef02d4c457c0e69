import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { drainReports, readParallelRequests } from '../shared/drain';
import { reportsToItems } from '../shared/reportItems';
import { readReportOptions } from '../shared/reportOptions';
import { callMobset } from '../shared/transport';
import { DEFAULT_MAX_REPORTS_PER_POLL } from './description';
import { sampleReport } from './sampleReport';
import { skipSeenReports } from './seenReports';

const MAX_REPORTS_PER_POLL = 1_000_000;

function readMaxReports(this: IPollFunctions): number {
	const max = this.getNodeParameter('maxReportsPerPoll', DEFAULT_MAX_REPORTS_PER_POLL) as number;
	if (!Number.isInteger(max) || max < 1 || max > MAX_REPORTS_PER_POLL) {
		throw new NodeOperationError(
			this.getNode(),
			`Max Reports per Poll must be a whole number from 1 to ${MAX_REPORTS_PER_POLL.toLocaleString('en-US')}, not ${String(max)}.`,
		);
	}
	return max;
}

/** n8n 2.x may give a poll a deadline; older versions do not have the method at all. */
function pollBudget(context: IPollFunctions): (() => number | undefined) | undefined {
	const getBudget = (context as Partial<IPollFunctions>).getPollBudgetMs;
	if (typeof getBudget !== 'function') return undefined;
	const started = Date.now();
	const budget = getBudget.call(context);
	if (!Number.isFinite(budget) || budget <= 0) return undefined;
	return () => budget - (Date.now() - started);
}

export async function pollReports(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const rawOptions = this.getNodeParameter('options', {}) as IDataObject;
	const options = readReportOptions(rawOptions);
	const skipSeen = rawOptions.skipSeen === true;

	if (this.getMode() === 'manual' && this.getNodeParameter('testRunBehavior', 'sample') !== 'live') {
		return [[{ json: sampleReport(options.outcome, options.includeRaw) }]];
	}

	const drained = await drainReports({
		maxReports: readMaxReports.call(this),
		fetchPage: async () => await callMobset.call(this, 'SmsGetReport', options.timeoutMs),
		budgetLeftMs: pollBudget(this),
		parallel: readParallelRequests(this.getNode(), rawOptions),
	});

	if (drained.error) {
		if (drained.reports.length === 0) throw drained.error;
		// The fetched reports are gone from Mobset: hand them over now and let the next poll retry.
		this.logger.error(
			`Mobset SMS Reports Trigger: a request failed after ${drained.reports.length} reports were fetched; they are handed over and the next poll starts again. ${drained.error.message}`,
		);
	}

	let items = reportsToItems(drained.reports, options);
	if (skipSeen) items = skipSeenReports(this.getWorkflowStaticData('node'), items);
	if (items.length === 0) return null;
	return [items.map((json) => ({ json }))];
}
