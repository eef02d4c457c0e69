// Answers about the account and its templates (SmsGetBalance, SmsGetSign, TemplateAdd,
// TemplateQuery, TemplateList). None of their answer shapes is documented: each value is looked
// for under the names older Mobset generations used, beside Code or inside Details, and the whole
// answer is always kept so nothing the service said is lost when a guess is wrong.
import { fieldOf, hasField, type Answer, type MobsetRecord } from './answer';
import { asText } from './reports';
import { beijingTimeToIso } from './signing';

/** The records an answer could carry a value in: the answer itself, then each Details entry. */
const placesOf = (answer: Answer): MobsetRecord[] => [answer.body, ...answer.details];

function findText(answer: Answer, names: string[]): string | undefined {
	for (const place of placesOf(answer)) {
		for (const name of names) {
			const value = asText(fieldOf(place, name));
			if (value) return value;
		}
	}
	return undefined;
}

/** The remaining SMS count (条, messages, not money), or `null` when the answer holds none. */
export function balanceOf(answer: Answer): number | null {
	const text = findText(answer, ['Balance', 'SmsBalance', 'Remain']);
	return text !== undefined && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : null;
}

/** Every signature the answer names, in order, each once. */
export function signaturesOf(answer: Answer): string[] {
	const found: string[] = [];
	for (const place of placesOf(answer)) {
		for (const name of ['Sign', 'SignName', 'Signature']) {
			const value = asText(fieldOf(place, name));
			if (value && !found.includes(value)) found.push(value);
		}
	}
	return found;
}

const TEMPLATE_ID_FIELDS = ['TemplateID', 'TemplateId', 'Id'];

/** The id TemplateAdd gave the new template, or `undefined` when the answer holds none. */
export function newTemplateIdOf(answer: Answer): string | undefined {
	return findText(answer, TEMPLATE_ID_FIELDS);
}

/** TemplateAdd's TemplateType codes, by the names the node shows (the protocol notes, 4.6). */
export const TEMPLATE_TYPE_CODES = { notification: '1', marketing: '2' } as const;
export type TemplateType = keyof typeof TEMPLATE_TYPE_CODES;

/** A template type by its name, or as Mobset wrote it when it is none of the documented codes. */
function templateTypeOf(code: string): string {
	const named = (Object.keys(TEMPLATE_TYPE_CODES) as TemplateType[]).find((name) => TEMPLATE_TYPE_CODES[name] === code);
	return named ?? code;
}

/** The public item for one template. */
export interface TemplateItem {
	templateId: string;
	name: string;
	/** 'notification' or 'marketing', as the Create operation takes it; any other code as written. */
	type: string;
	content: string;
	/** Review state as Mobset writes it (its codes are not documented). */
	status: string;
	remark: string;
	/** ISO 8601 +08:00 when Mobset's time could be read, else as written. */
	createTime: string;
	raw: MobsetRecord;
}

function textOf(record: MobsetRecord, names: string[]): string {
	for (const name of names) {
		const value = asText(fieldOf(record, name));
		if (value) return value;
	}
	return '';
}

export function toTemplateItem(record: MobsetRecord): TemplateItem {
	const created = textOf(record, ['CreateTime', 'AddTime', 'CreatedTime']);
	return {
		templateId: textOf(record, TEMPLATE_ID_FIELDS),
		name: textOf(record, ['TemplateName', 'Name']),
		type: templateTypeOf(textOf(record, ['TemplateType', 'Type'])),
		content: textOf(record, ['TemplateContent', 'Content']),
		status: textOf(record, ['Status', 'AuditStatus', 'State']),
		remark: textOf(record, ['Remark']),
		createTime: beijingTimeToIso(created) ?? created,
		raw: record,
	};
}

const isTemplate = (record: MobsetRecord) => TEMPLATE_ID_FIELDS.some((name) => hasField(record, name)) || hasField(record, 'TemplateContent');

/** The one template a TemplateQuery answer describes: its Details entry, or fields beside Code. */
export function queriedTemplateOf(answer: Answer): MobsetRecord | undefined {
	return answer.details.find(isTemplate) ?? (isTemplate(answer.body) ? answer.body : undefined);
}
