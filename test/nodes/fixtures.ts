import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startSimulator, type MobsetSimulator, type RawReply, type RawReport } from '../../tools/simulator';

/** One simulator per test file; each test starts from an empty queue and clean counters. */
export function useSimulator(): { sim: () => MobsetSimulator; credentials: () => ICredentialDataDecryptedObject } {
	let sim: MobsetSimulator;
	beforeAll(async () => {
		sim = await startSimulator({ port: 0, seed: 7 });
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.reset());
	return {
		sim: () => sim,
		credentials: () => ({ ...sim.account, baseUrl: sim.url }),
	};
}

export const smsIds = (items: INodeExecutionData[]) => items.map((item) => item.json.smsId as string);

/** What the contract says an item for this simulator report must look like. */
export function expectedItem(report: RawReport): IDataObject {
	const status = report.status === '12' ? 'delivered' : report.status === '13' ? 'failed' : expect.any(String);
	const [date, time] = report.reportTime.split(' ');
	return {
		smsId: report.smsId,
		status,
		delivered: report.status === '12',
		statusCode: Number(report.status),
		statusText: expect.any(String),
		exStatus: report.exStatus,
		reportTime: `${date}T${time}+08:00`,
		raw: { SmsId: report.smsId, Status: report.status, ReportTime: report.reportTime, ExStatus: report.exStatus },
	};
}

/** What the contract says an item for this simulator reply must look like. */
export function expectedReplyItem(reply: RawReply): IDataObject {
	return {
		phoneNumber: reply.phoneNumber,
		recvNumber: reply.recvNumber,
		addNum: reply.addNum,
		content: reply.content,
		recvTime: `${reply.recvTime.replace(' ', 'T')}+08:00`,
		raw: { PhoneNumber: reply.phoneNumber, RecvNumber: reply.recvNumber, AddNum: reply.addNum, RecvTime: reply.recvTime, Content: reply.content },
	};
}

/**
 * Reports fetched must all come out: whatever the simulator handed out, less what it recorded as
 * lost on the wire, is exactly what the node emitted.
 */
export function deliverableIds(sim: MobsetSimulator): string[] {
	const { dequeuedIds, droppedInFlightIds } = sim.counters();
	const dropped = new Set(droppedInFlightIds);
	return dequeuedIds.filter((id) => !dropped.has(id));
}
