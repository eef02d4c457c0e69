import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { MAX_TEMPLATE_PARAM_LENGTH, MAX_TEMPLATE_PARAMS } from '../../../protocol/sending';
import { beijingTimeToIso } from '../../../protocol/signing';
import { readTemplateMessage } from '../../../shared/options';
import { sendItems } from '../../../shared/sending';
import { sendTemplateSms } from '../../../shared/transport';
import { combineIdenticalOption, includeRawSendOption, phoneNumbersField, sendAtOption, sendNotice, sendTimeoutOption } from './fields';

const showOnlyForSendTemplate = { show: { resource: ['message'], operation: ['sendTemplate'] } };

const parameterOptions: INodeProperties[] = Array.from({ length: MAX_TEMPLATE_PARAMS }, (_, index) => ({
	displayName: `Parameter {${index + 1}}`,
	name: `param${index + 1}`,
	type: 'string' as const,
	default: '',
	description: `Replaces {${index + 1}} in the template; at most ${MAX_TEMPLATE_PARAM_LENGTH} characters`,
}));

export const description: INodeProperties[] = [
	sendNotice('sendTemplate'),
	{
		displayName: 'Template ID',
		name: 'templateId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '10110',
		description: 'The ID Mobset gave the template when it was created; only approved templates can be sent',
		displayOptions: showOnlyForSendTemplate,
	},
	phoneNumbersField('sendTemplate'),
	{
		displayName: 'Template Parameters',
		name: 'templateParameters',
		type: 'collection',
		placeholder: 'Add Parameter',
		default: {},
		description: `Values for {1} to {${MAX_TEMPLATE_PARAMS}} in the template, each at most ${MAX_TEMPLATE_PARAM_LENGTH} characters`,
		displayOptions: showOnlyForSendTemplate,
		options: parameterOptions,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showOnlyForSendTemplate,
		options: [combineIdenticalOption, includeRawSendOption, sendTimeoutOption, sendAtOption],
	},
];

/** Message → Send with Template (TemplateSendSms). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await sendItems(
		this,
		(item) => {
			const message = readTemplateMessage(this, item);
			return {
				item,
				numbers: message.numbers,
				fields: { TemplateID: message.templateId, ...message.params, ...(message.timer ? { Timer: message.timer } : {}) },
				extras: { templateId: message.templateId, scheduledAt: message.timer ? beijingTimeToIso(message.timer) : null },
			};
		},
		// Mobset lists TemplateID and Mobiles first, then the parameters.
		async ({ TemplateID, ...rest }, numbers, settings) =>
			await sendTemplateSms(this, { TemplateID, Mobiles: numbers.join(','), ...rest }, settings),
	);
}
