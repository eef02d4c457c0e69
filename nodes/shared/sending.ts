// A send run in n8n terms: input items become calls of up to 50 numbers, each call is made once and
// never repeated, and every number comes out as one item paired to the input item it came from, or
// is named in the error or warning that says why it did not.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Answer } from '../protocol/answer';
import { matchSendAnswer, planSendCalls, type Recipient, type SendRequest } from '../protocol/sending';
import { apiError } from './errors';
import { readSendSettings } from './options';
import { readCredential, type CallResult, type CallSettings } from './transport';

/** One item's send, with the fields its output items carry besides the answer. */
export interface ItemSend extends SendRequest {
	extras: IDataObject;
}

export interface SendRun {
	sends: ItemSend[];
	includeRaw: boolean;
	/** Makes the one call for these numbers of a group; called once per call, never again. */
	call: (group: string, numbers: string[]) => Promise<CallResult>;
}

export const RETRY_WARNING =
	'Do not turn on Retry On Fail for this node: n8n would run it again and every message would go out twice.';

type Outcome = 'refused' | 'unknown' | 'notSent' | 'notAccepted';

const OUTCOME_TEXT: Record<Outcome, string> = {
	refused: 'Mobset refused the call that held this number',
	unknown: 'Mobset\'s answer to the call that held this number was lost or unreadable: whether it got the message is unknown',
	notSent: 'not sent: the node stopped at a failed call before reaching this number',
	notAccepted: 'Mobset\'s answer did not list this number as accepted',
};

const key = (recipient: Recipient) => `${recipient.item}\u0000${recipient.phoneNumber}`;

const countOf = (n: number) => `${n} ${n === 1 ? 'number' : 'numbers'}`;

function listNumbers(recipients: Recipient[], max: number): string {
	const numbers = recipients.map((r) => r.phoneNumber);
	return numbers.slice(0, max).join(', ') + (numbers.length > max ? ` and ${numbers.length - max} more` : '');
}

/** One input item's message: its numbers, the call fields it needs and what its items carry. */
export interface ItemMessage<Fields extends IDataObject> {
	item: number;
	numbers: string[];
	/** Everything the call holds besides the numbers; identical fields may share a call. */
	fields: Fields;
	extras: IDataObject;
}

/**
 * A send operation from its input items: every item read (and checked) before anything is sent,
 * items whose call fields are identical grouped when Combine Identical Messages is on, then
 * `runSends`. `call` makes the one SDK3 call for some numbers of a group.
 */
export async function sendItems<Fields extends IDataObject>(
	context: IExecuteFunctions,
	read: (item: number) => ItemMessage<Fields>,
	call: (fields: Fields, numbers: string[], settings: CallSettings) => Promise<CallResult>,
): Promise<INodeExecutionData[][]> {
	const settings = readSendSettings(context);
	const messages = context.getInputData().map((_, item) => read(item));
	const credential = await readCredential(context);
	const fieldsOf = new Map<string, Fields>();
	const sends = messages.map(({ item, numbers, fields, extras }) => {
		const group = settings.combine ? JSON.stringify(fields) : `item ${item}`;
		fieldsOf.set(group, fields);
		return { item, numbers, group, extras };
	});
	return await runSends(context, {
		sends,
		includeRaw: settings.includeRaw,
		call: async (group, numbers) => await call(fieldsOf.get(group)!, numbers, { credential, timeoutMs: settings.timeoutMs }),
	});
}

/**
 * Runs the calls in order. The first call that fails stops the run: after a refusal or a lost
 * answer, later calls would most likely fail the same way, and each unknown outcome is one more
 * number the user must check by hand.
 */
export async function runSends(context: IExecuteFunctions, run: SendRun): Promise<INodeExecutionData[][]> {
	const node = context.getNode();
	if (node.retryOnFail === true) {
		throw new NodeOperationError(node, 'Retry On Fail is on for this node, so n8n could send the same messages twice. Nothing was sent.', {
			description: 'Turn off Retry On Fail in the node\'s Settings. The node never repeats a send itself; a failed send names the numbers it did not reach.',
		});
	}

	const extrasOf = new Map(run.sends.map((send) => [send.item, send.extras]));
	const order = new Map<string, number>();
	run.sends.forEach((send) => send.numbers.forEach((phoneNumber) => order.set(key({ item: send.item, phoneNumber }), order.size)));

	const delivered: Array<{ recipient: Recipient; json: IDataObject }> = [];
	const problems: Record<Outcome, Recipient[]> = { refused: [], unknown: [], notSent: [], notAccepted: [] };
	const warnings: string[] = [];
	let failure: NodeApiError | NodeOperationError | undefined;
	let acceptedBeforeFailure = 0;

	const said = (answer: Answer) => ({ code: answer.code, message: answer.message });
	const calls = planSendCalls(run.sends);
	for (const [index, call] of calls.entries()) {
		if (failure) {
			problems.notSent.push(...call.recipients);
			continue;
		}
		const numbers = call.recipients.map((r) => r.phoneNumber);
		const result = await run.call(call.group, numbers);
		if (!result.ok) {
			failure = result.error;
			acceptedBeforeFailure = delivered.length;
			problems[result.refused ? 'refused' : 'unknown'].push(...call.recipients);
			continue;
		}
		const byNumber = new Map(call.recipients.map((r) => [r.phoneNumber, r]));
		const match = matchSendAnswer(numbers, result.answer);
		if (match.kind === 'unmatched') {
			const warning = `Mobset's answer to call ${index + 1} (${countOf(numbers.length)}) could not be matched to its numbers: ${match.reason}. Its items carry no SmsId and what Mobset said is under "raw".`;
			warnings.push(warning);
			for (const recipient of call.recipients) {
				delivered.push({
					recipient,
					json: {
						smsId: '',
						phoneNumber: recipient.phoneNumber,
						accepted: null,
						...said(result.answer),
						...extrasOf.get(recipient.item),
						warning,
						// Kept whatever Include Raw says: it is the only record of what happened.
						raw: result.answer.body,
					},
				});
			}
			continue;
		}
		for (const accepted of match.accepted) {
			const recipient = byNumber.get(accepted.phoneNumber) as Recipient;
			delivered.push({
				recipient,
				json: {
					smsId: accepted.smsId,
					phoneNumber: accepted.phoneNumber,
					accepted: true,
					...said(result.answer),
					...extrasOf.get(recipient.item),
					...(run.includeRaw ? { raw: accepted.record } : {}),
				},
			});
		}
		problems.notAccepted.push(...match.notAccepted.map((n) => byNumber.get(n) as Recipient));
		if (match.unknown.length > 0) {
			problems.unknown.push(...match.unknown.map((n) => byNumber.get(n) as Recipient));
			acceptedBeforeFailure = delivered.length;
			failure = apiError(
				node,
				`Mobset said it accepted ${result.answer.code} of the ${countOf(numbers.length)} in a call, but listed only ${match.accepted.length}.`,
				{ httpCode: '200' },
			);
		}
	}

	delivered.sort((a, b) => (order.get(key(a.recipient)) ?? 0) - (order.get(key(b.recipient)) ?? 0));
	const items: INodeExecutionData[] = delivered.map(({ recipient, json }) => ({ json, pairedItem: { item: recipient.item } }));

	if (problems.notAccepted.length > 0) {
		warnings.push(
			`Mobset did not accept ${countOf(problems.notAccepted.length)}: ${listNumbers(problems.notAccepted, 20)}. Its answer to their call listed only the others; these got no message.`,
		);
	}
	for (const message of warnings) {
		context.addExecutionHints({ message, type: 'warning', location: 'outputPane' });
		context.logger.warn(`Mobset SMS: ${message}`);
	}

	if (failure && !context.continueOnFail()) throw sendFailure(context, failure, problems, acceptedBeforeFailure);

	if (context.continueOnFail()) {
		for (const outcome of Object.keys(problems) as Outcome[]) {
			if (problems[outcome].length === 0) continue;
			const reason = outcome === 'refused' || outcome === 'unknown' ? `${OUTCOME_TEXT[outcome]}. ${failure?.message ?? ''}`.trim() : `${OUTCOME_TEXT[outcome]}.`;
			for (const recipient of problems[outcome]) {
				// n8n routes an item to the error output only when its json holds nothing but
				// error/message/details (and it then adds the input item's fields to it).
				items.push({
					json: {
						error: `${recipient.phoneNumber}: ${reason}`,
						details: { phoneNumber: recipient.phoneNumber, outcome, ...extrasOf.get(recipient.item) },
					},
					pairedItem: { item: recipient.item },
				});
			}
		}
	}
	return [items];
}

/** The error a failed send run ends with: which numbers did not get the message, and what to do. */
function sendFailure(
	context: IExecuteFunctions,
	cause: NodeApiError | NodeOperationError,
	problems: Record<Outcome, Recipient[]>,
	acceptedBefore: number,
): NodeApiError {
	const { refused, unknown, notSent } = problems;
	const parts: string[] = [];
	if (unknown.length > 0) {
		parts.push(`whether ${countOf(unknown.length)} got the message is unknown (${listNumbers(unknown, 50)})`);
	}
	if (refused.length > 0) parts.push(`Mobset refused to send to ${countOf(refused.length)} (${listNumbers(refused, 10)})`);
	const headline = `A send failed: ${parts.join('; ')}. ${cause.message}`;

	const description = [
		cause.description ?? '',
		unknown.length > 0
			? 'The node never sends again by itself. Check the send records in your Mobset account before sending to the numbers whose outcome is unknown, or they may get the message twice.'
			: '',
		acceptedBefore > 0 ? `${countOf(acceptedBefore)} in earlier calls were accepted and sent.` : '',
		notSent.length > 0 ? `${countOf(notSent.length)} in later calls were not sent: the node stopped at this failure.` : '',
		RETRY_WARNING,
		'Set On Error to "Continue (using error output)" to get the sent messages as items and one error item per number that did not go out.',
	]
		.filter(Boolean)
		.join(' ');
	const httpCode = cause instanceof NodeApiError ? (cause.httpCode ?? undefined) : undefined;
	const details = cause.messages.filter((text) => text !== cause.message).join(' ');
	return apiError(context.getNode(), headline, {
		description,
		...(details && { details }),
		httpCode,
		failure: unknown.length > 0 ? undefined : (cause as NodeApiError).failure,
	});
}
