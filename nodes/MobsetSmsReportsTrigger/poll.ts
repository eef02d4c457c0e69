import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { reportsToItems } from '../protocol/reports';
import { pollAndHandOver } from '../shared/handOff';
import {
	readMaxPerPoll,
	readReportOptions,
	readTestRunBehavior,
	type ReportOptions,
} from '../shared/options';
import { checkCredentialForSample, drainForPoll } from '../shared/polling';
import { fetchReportPage, repeatedReportPage } from '../shared/transport';
import { sampleReport } from './sampleReport';
import { skipSeenReports } from './seenReports';

export async function pollReports(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const options = readReportOptions(this);
	if (this.getMode() === 'manual' && readTestRunBehavior(this) === 'sample') {
		readMaxPerPoll(this, 'reports');
		await checkCredentialForSample(this, options.timeoutMs);
		return [[{ json: sampleReport(options.outcome, options.includeRaw) as IDataObject }]];
	}

	return await pollAndHandOver(this, { label: LABEL, noun: 'reports', maxPerPoll: readMaxPerPoll(this, 'reports') }, async (room) =>
		await fetchReports(this, options, room),
	);
}

const LABEL = 'Mobset SMS Reports Trigger';

/** Up to `maxRecords` new reports; everything fetched is returned (it has left Mobset's queue). */
async function fetchReports(context: IPollFunctions, options: ReportOptions, maxRecords: number): Promise<IDataObject[]> {
	const records = await drainForPoll(
		context,
		{ trigger: LABEL, records: 'reports', fetchPage: fetchReportPage, repeatedPage: repeatedReportPage },
		maxRecords,
		options,
	);
	let items = reportsToItems(records, options);
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
