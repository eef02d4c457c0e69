import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { newTemplateIdOf } from '../../../protocol/account';
import { requestTimeoutOption } from '../../../shared/descriptions';
import { readCallTimeoutMs, readNewTemplate } from '../../../shared/options';
import { addTemplate, readCredential } from '../../../shared/transport';
import { eachItem } from '../eachItem';

const showOnlyForTemplateCreate = { show: { resource: ['template'], operation: ['create'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Template Type',
		name: 'templateType',
		type: 'options',
		options: [
			{ name: 'Notification', value: 'notification', description: 'Verification codes, notices, reminders' },
			{ name: 'Marketing', value: 'marketing', description: 'Promotions' },
		],
		default: 'notification',
		displayOptions: showOnlyForTemplateCreate,
	},
	{
		displayName: 'Template Name',
		name: 'templateName',
		type: 'string',
		required: true,
		default: '',
		description: 'A name for your own records',
		displayOptions: showOnlyForTemplateCreate,
	},
	{
		displayName: 'Template Content',
		name: 'templateContent',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		placeholder: '您的验证码为{1},{2}分钟内有效。',
		description: 'The text, at most 500 characters, with {1}, {2}... where Send with Template puts its parameters.',
		displayOptions: showOnlyForTemplateCreate,
	},
	{
		displayName: 'Remark',
		name: 'remark',
		type: 'string',
		required: true,
		default: '',
		description: 'What the template is for and where it is used; Mobset reviews every template before it can be sent',
		displayOptions: showOnlyForTemplateCreate,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showOnlyForTemplateCreate,
		options: [requestTimeoutOption],
	},
];

/** Template → Create (TemplateAdd): submits a template for Mobset's review. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const timeoutMs = readCallTimeoutMs(this);
	const credential = await readCredential(this);
	return await eachItem(this, async (item) => {
		const template = readNewTemplate(this, item);
		const result = await addTemplate(this, template, { credential, timeoutMs });
		if (!result.ok) throw result.error;
		const templateId = newTemplateIdOf(result.answer) ?? null;
		if (templateId === null) {
			this.addExecutionHints({
				message: 'Mobset accepted the template but its answer holds no template ID the node recognises; its whole answer is under "raw".',
				type: 'warning',
				location: 'outputPane',
			});
		}
		return [{ templateId, name: template.TemplateName, code: result.answer.code, message: result.answer.message, raw: result.answer.body }];
	});
}
