import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { drainReports, readParallelRequests } from '../shared/drain';
import { outcomeOutputIndex } from '../shared/outcome';
import { reportsToItems } from '../shared/reportItems';
import { readReportOptions } from '../shared/reportOptions';
import { callMobset } from '../shared/transport';

const MAX_LIMIT = 1_000_000;

function readLimit(this: IExecuteFunctions): number {
	if (this.getNodeParameter('returnAll', 0, false) === true) return Infinity;
	const limit = this.getNodeParameter('limit', 0, 50) as number;
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
		throw new NodeOperationError(
			this.getNode(),
			`Limit must be a whole number from 1 to ${MAX_LIMIT.toLocaleString('en-US')}, not ${String(limit)}.`,
			{ description: 'Set Limit to how many reports to fetch at most, or turn on Return All.' },
		);
	}
	return limit;
}

/**
 * Runs once per execution, whatever the number of input items: the queue is Mobset's, not the
 * item's, so a second pass would only take reports meant for a later run.
 */
export async function getManyReports(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const maxReports = readLimit.call(this);
	const rawOptions = this.getNodeParameter('options', 0, {}) as IDataObject;
	const options = readReportOptions(rawOptions);
	const split = this.getNodeParameter('splitByOutcome', 0, false) === true;

	const drained = await drainReports({
		maxReports,
		fetchPage: async () => await callMobset.call(this, 'SmsGetReport', options.timeoutMs),
		parallel: readParallelRequests(this.getNode(), rawOptions),
	});

	if (drained.error && drained.reports.length === 0) {
		if (!this.continueOnFail()) throw drained.error;
		const errorItem = { json: { error: drained.error.message }, pairedItem: { item: 0 } };
		return split ? [[], [], [errorItem]] : [[errorItem]];
	}
	if (drained.error) {
		// Throwing now would discard reports Mobset will never hand out again.
		this.addExecutionHints({
			message: `A request to Mobset failed after ${drained.reports.length} ${drained.reports.length === 1 ? 'report was' : 'reports were'} fetched: ${drained.error.message} Every report fetched is in the output; any still on Mobset wait for the next run.`,
			type: 'warning',
			location: 'outputPane',
		});
		this.logger.warn(`Mobset SMS Reports: ${drained.error.message}`, {
			fetched: drained.reports.length,
		});
	}

	const items = reportsToItems(drained.reports, options).map((json) => ({
		json,
		pairedItem: { item: 0 },
	}));
	if (!split) return [items];
	const outputs: INodeExecutionData[][] = [[], [], []];
	for (const item of items) outputs[outcomeOutputIndex(item.json)].push(item);
	return outputs;
}
