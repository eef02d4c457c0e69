import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { drainPages } from '../protocol/drain';
import { reportsToItems } from '../protocol/reports';
import { readMaxReportsPerPoll, readReportOptions, readTestRunBehavior } from '../shared/options';
import { redact } from '../shared/errors';
import { checkCredentialForSample, pollBudget } from '../shared/polling';
import { fetchReportPage, readCredential, repeatedReportPage } from '../shared/transport';
import { sampleReport } from './sampleReport';
import { skipSeenReports } from './seenReports';

export async function pollReports(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const options = readReportOptions(this);

	if (this.getMode() === 'manual' && readTestRunBehavior(this) === 'sample') {
		readMaxReportsPerPoll(this);
		await checkCredentialForSample(this, options.timeoutMs);
		return [[{ json: sampleReport(options.outcome, options.includeRaw) as IDataObject }]];
	}

	const maxRecords = readMaxReportsPerPoll(this);
	const credential = await readCredential(this);
	const drained = await drainPages({
		maxRecords,
		fetchPage: async () => await fetchReportPage(this, { credential, timeoutMs: options.timeoutMs }),
		repeatedPage: repeatedReportPage(this),
		budgetLeftMs: pollBudget(this),
		parallel: options.parallel,
	});

	if (drained.error) {
		if (drained.records.length === 0) throw drained.error;
		// The fetched reports are gone from Mobset: hand them over now and let the next poll retry.
		this.logger.error(
			redact(
				`Mobset SMS Reports Trigger: a request failed after ${drained.records.length} reports were fetched; they are handed over and the next poll starts again. ${drained.error.message}`,
			),
		);
	}

	let items = reportsToItems(drained.records, options);
	if (options.skipSeen) {
		const { fresh, unchecked } = skipSeenReports(this.getWorkflowStaticData('node'), items);
		items = fresh;
		if (unchecked > 0) {
			this.logger.warn(
				`Mobset SMS Reports Trigger: ${unchecked} ${unchecked === 1 ? 'report has' : 'reports have'} no readable SMS ID, so Skip Reports Already Seen could not check ${unchecked === 1 ? 'it' : 'them'}; output anyway.`,
			);
		}
	}
	if (items.length === 0) return null;
	return [items.map((json) => ({ json: json as IDataObject }))];
}
