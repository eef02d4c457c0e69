import type { IDataObject } from 'n8n-workflow';

import type { OutcomeFilter } from '../shared/outcome';
import { toReportItem } from '../shared/reportItem';
import { beijingTimestamp } from '../shared/signing';

/**
 * A test run returns this instead of fetching, so building a workflow does not eat live reports.
 * It matches the outcome filter so the rest of the workflow can be tested on the branch it takes.
 */
export function sampleReport(outcome: OutcomeFilter, includeRaw: boolean): IDataObject {
	const delivered = outcome === 'all' || outcome === 'delivered';
	const stamp = beijingTimestamp();
	const raw = {
		SmsId: '1000000000000000001',
		Status: delivered ? '12' : '13',
		ReportTime: `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)} ${stamp.slice(8, 10)}:${stamp.slice(10, 12)}:${stamp.slice(12, 14)}`,
		ExStatus: delivered ? 'DELIVRD' : 'UNDELIV',
	};
	return {
		...toReportItem(raw, includeRaw),
		sample: true,
		sampleNote:
			'Sample report from a test run: nothing was fetched from Mobset. Set "In Test Runs" to "Fetch Live Reports" to test with real reports.',
	};
}
