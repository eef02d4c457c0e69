// The shape both account operations share: one read-only call per input item, what Mobset said
// beside the value read from its answer, and a warning (once per run) when the value is missing.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { Answer } from '../../../protocol/answer';
import { requestTimeoutOption } from '../../../shared/descriptions';
import { readCallTimeoutMs } from '../../../shared/options';
import { readCredential, type CallResult, type CallSettings, type MobsetContext } from '../../../shared/transport';
import { eachItem } from '../eachItem';

export function accountOptions(operation: string): INodeProperties[] {
	return [
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show: { resource: ['account'], operation: [operation] } },
			options: [requestTimeoutOption],
		},
	];
}

export interface AccountValue {
	/** The fields read from the answer; they come first in the item. */
	fields: IDataObject;
	/** Why a value could not be read, shown once above the output. */
	warning?: string;
}

export async function runAccountCall(
	context: IExecuteFunctions,
	call: (context: MobsetContext, settings: CallSettings) => Promise<CallResult>,
	read: (answer: Answer) => AccountValue,
): Promise<INodeExecutionData[][]> {
	const timeoutMs = readCallTimeoutMs(context);
	const credential = await readCredential(context);
	const warnings = new Set<string>();
	const output = await eachItem(context, async () => {
		const result = await call(context, { credential, timeoutMs });
		if (!result.ok) throw result.error;
		const { fields, warning } = read(result.answer);
		if (warning) warnings.add(warning);
		return [{ ...fields, code: result.answer.code, message: result.answer.message, raw: result.answer.body }];
	});
	for (const message of warnings) context.addExecutionHints({ message, type: 'warning', location: 'outputPane' });
	return output;
}
