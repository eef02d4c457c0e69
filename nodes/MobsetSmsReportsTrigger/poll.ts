import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { drainPages } from '../protocol/drain';
import { reportsToItems } from '../protocol/reports';
import { pollAndHandOver } from '../shared/handOff';
import {
	readMaxReportsPerPoll,
	readReportOptions,
	readTestRunBehavior,
	type ReportOptions,
} from '../shared/options';
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

	return await pollAndHandOver(this, { label: LABEL, noun: 'reports', maxPerPoll: readMaxReportsPerPoll(this) }, async (room) =>
		await fetchReports(this, options, room),
	);
}

const LABEL = 'Mobset SMS Reports Trigger';

/** Up to `maxRecords` new reports; everything fetched is returned (it has left Mobset's queue). */
async function fetchReports(context: IPollFunctions, options: ReportOptions, maxRecords: number): Promise<IDataObject[]> {
	const credential = await readCredential(context);
	const drained = await drainPages({
		maxRecords,
		fetchPage: async () => await fetchReportPage(context, { credential, timeoutMs: options.timeoutMs }),
		repeatedPage: repeatedReportPage(context),
		budgetLeftMs: pollBudget(context),
		parallel: options.parallel,
	});

	if (drained.error) {
		if (drained.records.length === 0) throw drained.error;
		// The fetched reports are gone from Mobset: hand them over now and let the next poll retry.
		context.logger.error(
			redact(
				`${LABEL}: a request failed after ${drained.records.length} reports were fetched; they are handed over and the next poll starts again. ${drained.error.message}`,
			),
		);
	}

	let items = reportsToItems(drained.records, options);
	if (options.skipSeen) {
		const { fresh, unchecked } = skipSeenReports(context.getWorkflowStaticData('node'), items);
		items = fresh;
		if (unchecked > 0) {
			context.logger.warn(
				`${LABEL}: ${unchecked} ${unchecked === 1 ? 'report has' : 'reports have'} no readable SMS ID, so Skip Reports Already Seen could not check ${unchecked === 1 ? 'it' : 'them'}; output anyway.`,
			);
		}
	}
	return items as unknown as IDataObject[];
}
