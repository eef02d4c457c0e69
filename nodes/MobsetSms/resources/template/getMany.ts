import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toTemplateItem } from '../../../protocol/account';
import { requestTimeoutOption } from '../../../shared/descriptions';
import { MAX_LIMIT, readCallTimeoutMs, readItemLimit } from '../../../shared/options';
import { listTemplates, readCredential } from '../../../shared/transport';
import { eachItem } from '../eachItem';

const showOnlyForTemplateGetMany = { show: { resource: ['template'], operation: ['getMany'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		displayOptions: showOnlyForTemplateGetMany,
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		displayOptions: { show: { ...showOnlyForTemplateGetMany.show, returnAll: [false] } },
		typeOptions: { minValue: 1, maxValue: MAX_LIMIT },
		default: 50,
		description: 'Max number of results to return',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showOnlyForTemplateGetMany,
		options: [requestTimeoutOption],
	},
];

/** Template → Get Many (TemplateList): the account's templates, one item each. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const timeoutMs = readCallTimeoutMs(this);
	const credential = await readCredential(this);
	return await eachItem(this, async (item) => {
		const limit = readItemLimit(this, item);
		const result = await listTemplates(this, { credential, timeoutMs });
		if (!result.ok) throw result.error;
		return result.answer.details.slice(0, limit).map((record) => toTemplateItem(record) as unknown as IDataObject);
	});
}
