import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { balanceOf } from '../../../protocol/account';
import { getBalance } from '../../../shared/transport';
import { accountOptions, runAccountCall } from './accountCall';

export const description = accountOptions('getBalance');

/** Account → Get Balance (SmsGetBalance): the number of SMS the account can still send. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runAccountCall(this, getBalance, (answer) => {
		const balance = balanceOf(answer);
		return {
			fields: { balance },
			warning:
				balance === null
					? 'Mobset\'s answer holds no balance the node recognises, so "balance" is null; its whole answer is under "raw".'
					: undefined,
		};
	});
}
