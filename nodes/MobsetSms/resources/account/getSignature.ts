import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { signaturesOf } from '../../../protocol/account';
import { requestTimeoutOption } from '../../../shared/descriptions';
import { readCallTimeoutMs } from '../../../shared/options';
import { getSignature, readCredential } from '../../../shared/transport';
import { eachItem } from '../eachItem';

export const description: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['account'], operation: ['getSignature'] } },
		options: [requestTimeoutOption],
	},
];

/** Account → Get Signature (SmsGetSign): the 【signature】 Mobset puts on the account's messages. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const timeoutMs = readCallTimeoutMs(this);
	const credential = await readCredential(this);
	return await eachItem(this, async () => {
		const result = await getSignature(this, { credential, timeoutMs });
		if (!result.ok) throw result.error;
		const signatures = signaturesOf(result.answer);
		return [
			{
				signature: signatures[0] ?? null,
				signatures,
				code: result.answer.code,
				message: result.answer.message,
				raw: result.answer.body,
			},
		];
	});
}
