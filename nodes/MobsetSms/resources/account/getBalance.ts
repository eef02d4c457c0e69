import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { balanceOf } from '../../../protocol/account';
import { requestTimeoutOption } from '../../../shared/descriptions';
import { readCallTimeoutMs } from '../../../shared/options';
import { getBalance, readCredential } from '../../../shared/transport';
import { eachItem } from '../eachItem';

export const description: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['account'], operation: ['getBalance'] } },
		options: [requestTimeoutOption],
	},
];

/** Account → Get Balance (SmsGetBalance): the number of SMS the account can still send. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const timeoutMs = readCallTimeoutMs(this);
	const credential = await readCredential(this);
	let warned = false;
	return await eachItem(this, async () => {
		const result = await getBalance(this, { credential, timeoutMs });
		if (!result.ok) throw result.error;
		const balance = balanceOf(result.answer);
		if (balance === null && !warned) {
			warned = true;
			this.addExecutionHints({
				message: 'Mobset\'s answer holds no balance the node recognises, so "balance" is null; its whole answer is under "raw".',
				type: 'warning',
				location: 'outputPane',
			});
		}
		return [{ balance, code: result.answer.code, message: result.answer.message, raw: result.answer.body }];
	});
}
