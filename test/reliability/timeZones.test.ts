// The item contract does not depend on the time zone of the n8n server: the same report gives the
// same item, and the sample report carries Beijing time, in every zone. (The full node and trigger
// suites are also run under several TZ values; see docs/reliability.md.)
import { evaluateInChild } from '../../tools/harness/childProcess';

const ZONES = ['UTC', 'America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];

interface ZoneReport {
	zone: string;
	items: unknown[];
	sampleTime: string;
	sampleDriftMs: number;
}

describe('report items in every time zone', () => {
	let reports: ZoneReport[];

	beforeAll(async () => {
		// One fresh process per zone: TZ is fixed when a process first reads the clock.
		const script = `
			const { toReportItem } = require('./nodes/protocol/reports.ts');
			const { sampleReport } = require('./nodes/MobsetSmsReportsTrigger/sampleReport.ts');
			const raws = [
				{ SmsId: '1', Status: '12', ReportTime: '2024-03-10 02:30:00', ExStatus: 'DELIVRD' },
				{ SmsId: '2', Status: '13', ReportTime: '2024-11-03 01:30:00', ExStatus: 'UNDELIV' },
				{ SmsId: '3', Status: '12', ReportTime: '2024-12-31 23:59:59', ExStatus: 'DELIVRD' },
				{ SmsId: '4', Status: '12', ReportTime: '2024-02-29 00:00:00', ExStatus: 'DELIVRD' },
			];
			const sample = sampleReport('all', false);
			report({
				zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
				items: raws.map((raw) => toReportItem(raw, false)),
				sampleTime: sample.reportTime,
				sampleDriftMs: Math.abs(new Date(sample.reportTime).getTime() - Date.now()),
			});`;
		reports = await Promise.all(ZONES.map(async (zone) => await evaluateInChild<ZoneReport>(script, { TZ: zone })));
	}, 120_000);

	it('runs each check in the zone it names', () => {
		expect(reports.map((report) => report.zone)).toEqual(ZONES);
	});

	it.each(ZONES)('%s: Beijing report times become the same instants, with the +08:00 offset stated', (zone) => {
		const report = reports[ZONES.indexOf(zone)];
		expect(report.items.map((item) => (item as { reportTime: string }).reportTime)).toEqual([
			'2024-03-10T02:30:00+08:00',
			'2024-11-03T01:30:00+08:00',
			'2024-12-31T23:59:59+08:00',
			'2024-02-29T00:00:00+08:00',
		]);
		expect(report.items).toEqual(reports[0].items);
	});

	it.each(ZONES)('%s: the sample report is stamped with the current Beijing time', (zone) => {
		const report = reports[ZONES.indexOf(zone)];
		expect(report.sampleTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
		expect(report.sampleDriftMs).toBeLessThan(5000);
	});
});
