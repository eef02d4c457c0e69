import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { signaturesOf } from '../../../protocol/account';
import { getSignature } from '../../../shared/transport';
import { accountOptions, runAccountCall } from './accountCall';

export const description = accountOptions('getSignature');

/** Account → Get Signature (SmsGetSign): the 【signature】 Mobset puts on the account's messages. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runAccountCall(this, getSignature, (answer) => {
		const signatures = signaturesOf(answer);
		return {
			fields: { signature: signatures[0] ?? null, signatures },
			warning:
				signatures.length === 0
					? 'Mobset\'s answer holds no signature the node recognises, so "signature" is null; its whole answer is under "raw".'
					: undefined,
		};
	});
}
