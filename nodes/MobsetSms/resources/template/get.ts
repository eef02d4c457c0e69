import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { queriedTemplateOf, toTemplateItem } from '../../../protocol/account';
import { requestTimeoutOption } from '../../../shared/descriptions';
import { readCallTimeoutMs, readTemplateId } from '../../../shared/options';
import { queryTemplate, readCredential } from '../../../shared/transport';
import { eachItem } from '../eachItem';

const showOnlyForTemplateGet = { show: { resource: ['template'], operation: ['get'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Template ID',
		name: 'templateId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '10110',
		displayOptions: showOnlyForTemplateGet,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showOnlyForTemplateGet,
		options: [requestTimeoutOption],
	},
];

/** Template → Get (TemplateQuery): one template and its review state. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const timeoutMs = readCallTimeoutMs(this);
	const credential = await readCredential(this);
	return await eachItem(this, async (item) => {
		const templateId = readTemplateId(this, item);
		const result = await queryTemplate(this, templateId, { credential, timeoutMs });
		if (!result.ok) throw result.error;
		const record = queriedTemplateOf(result.answer);
		if (!record) {
			this.addExecutionHints({
				message: `Mobset's answer about template ${templateId} holds no template the node recognises; its whole answer is under "raw".`,
				type: 'warning',
				location: 'outputPane',
			});
		}
		const template = toTemplateItem(record ?? result.answer.body);
		return [{ ...template, templateId: template.templateId || templateId } as IDataObject];
	});
}
