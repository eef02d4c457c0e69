import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { drainPages } from '../protocol/drain';
import { outcomeOutputIndex, reportsToItems } from '../protocol/reports';
import { readLimit, readReportOptions, readSplitByOutcome } from '../shared/options';
import { redact } from '../shared/errors';
import { fetchReportPage, readCredential, repeatedReportPage } from '../shared/transport';

/**
 * Runs once per execution, whatever the number of input items: the queue is Mobset's, not the
 * item's, so a second pass would only take reports meant for a later run.
 */
export async function getManyReports(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const maxRecords = readLimit(this, 'reports');
	const options = readReportOptions(this);
	const split = readSplitByOutcome(this);
	const credential = await readCredential(this);

	const drained = await drainPages({
		maxRecords,
		fetchPage: async () => await fetchReportPage(this, { credential, timeoutMs: options.timeoutMs }),
		repeatedPage: repeatedReportPage(this),
		parallel: options.parallel,
	});

	if (drained.error && drained.records.length === 0) {
		if (!this.continueOnFail()) throw drained.error;
		// As n8n's own multi-output nodes (Switch) do: the error item on the first output. It is
		// `{ error }` alone, so "Continue (using error output)" moves it to the error output.
		const errorItem = { json: { error: drained.error.message }, pairedItem: { item: 0 } };
		return split ? [[errorItem], [], []] : [[errorItem]];
	}
	if (drained.error) {
		// Throwing now would discard reports Mobset will never hand out again.
		const fetched = drained.records.length;
		this.addExecutionHints({
			message: redact(`A request to Mobset failed after ${fetched} ${fetched === 1 ? 'report was' : 'reports were'} fetched: ${drained.error.message} Every report fetched is in the output; any still on Mobset wait for the next run.`),
			type: 'warning',
			location: 'outputPane',
		});
		this.logger.warn(redact(`Mobset SMS Reports: ${drained.error.message}`), { fetched });
	}

	const reports = reportsToItems(drained.records, options);
	const items = reports.map((json) => ({ json: json as IDataObject, pairedItem: { item: 0 } }));
	if (!split) return [items];
	const outputs: INodeExecutionData[][] = [[], [], []];
	reports.forEach((report, index) => outputs[outcomeOutputIndex(report)].push(items[index]));
	return outputs;
}
