import { toReportItem, type OutcomeFilter, type ReportItem } from '../protocol/reports';
import { formatBeijingTime } from '../protocol/signing';

/**
 * A test run returns this instead of fetching, so building a workflow does not eat live reports.
 * It matches the outcome filter so the rest of the workflow can be tested on the branch it takes.
 */
export function sampleReport(outcome: OutcomeFilter, includeRaw: boolean): ReportItem {
	const delivered = outcome === 'all' || outcome === 'delivered';
	const raw = {
		SmsId: '1000000000000000001',
		Status: delivered ? '12' : '13',
		ReportTime: formatBeijingTime(new Date()),
		ExStatus: delivered ? 'DELIVRD' : 'UNDELIV',
	};
	return {
		...toReportItem(raw, includeRaw),
		sample: true,
		sampleNote:
			'Sample report from a test run: the credential was checked, no report was fetched from Mobset. Set "In Test Runs" to "Fetch Live Reports" to test with real reports.',
	};
}
