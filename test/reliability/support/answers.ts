// Helpers for the bad-input matrix: run Get Many against an answer the test spells out byte for
// byte, and describe the result in the terms the tests compare.
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { MobsetSmsReports } from '../../../nodes/MobsetSmsReports/MobsetSmsReports.node';
import type { FaultSpec, MobsetSimulator } from '../../../tools/simulator';
import { runNode, type RunNodeOptions, type RunNodeResult } from '../../../tools/harness';

export const REPORT_TIME = '2024-03-10 15:00:00';
export const REPORT_TIME_ISO = '2024-03-10T15:00:00+08:00';

/** A report as the provider page spells it. */
export const report = (smsId: string, status = '12', exStatus = status === '12' ? 'DELIVRD' : 'UNDELIV') => ({
	SmsId: smsId,
	Status: status,
	ReportTime: REPORT_TIME,
	ExStatus: exStatus,
});

export interface Answer {
	status?: number;
	headers?: Record<string, string>;
	/** Objects are sent as JSON; strings as they are. */
	body?: string | object;
	bodyBase64?: string;
}

/** The next SmsGetReport call gets exactly this answer (nothing is taken off the simulator's queue). */
export function answerWith(sim: MobsetSimulator, answer: Answer, extra: Partial<FaultSpec> = {}): void {
	sim.injectFault({
		kind: 'respond',
		status: answer.status ?? 200,
		headers: answer.headers ?? { 'Content-Type': 'application/json; charset=utf-8' },
		...(answer.bodyBase64 !== undefined ? { bodyBase64: answer.bodyBase64 } : { body: answer.body ?? '' }),
		...extra,
	});
}

export async function getMany(
	sim: MobsetSimulator,
	options: { parameters?: IDataObject; credentials?: IDataObject } & Omit<Partial<RunNodeOptions>, 'parameters' | 'credentials'> = {},
): Promise<RunNodeResult> {
	const { parameters, credentials, ...rest } = options;
	return await runNode({
		nodeType: new MobsetSmsReports(),
		credentials: { ...sim.account, baseUrl: sim.url, ...credentials } as ICredentialDataDecryptedObject,
		parameters: { operation: 'getMany', returnAll: true, ...parameters } as INodeParameters,
		...rest,
	});
}

/** The public fields of the items, without `raw`. */
export const publicFields = (items: INodeExecutionData[]) =>
	items.map(({ json }) => {
		const rest = { ...json };
		delete rest.raw;
		return rest;
	});

export const raws = (items: INodeExecutionData[]) => items.map(({ json }) => json.raw);

/** What a failure must never look like: a stack trace or an internal value in place of a message. */
export function expectReadableMessage(message: string | undefined): void {
	expect(message).toBeTruthy();
	expect(message).not.toMatch(/\n\s+at |undefined|\[object Object\]|^Error:/);
}
