// The credential's Test button: its `test.request` run as n8n's CLI `CredentialsTester` runs it (not
// shipped in n8n-core), a temporary node whose only property routes the request, run by n8n-core's
// `RoutingNode` with the decrypted credential so that `authenticate` signs it; then the CLI's
// verdict on the answer or the error.
import { ErrorReporter, ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialType,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';
import { createRunExecutionData, UnexpectedError } from 'n8n-workflow';

import { checkCredentialTestRules, credentialTestFailure, type RequestFailure } from './credentialTestRules';
import type { SignedRequest } from './credentialsHelper';
import type { LogLine } from './logCapture';
import { Container } from './n8nCoreDeps';
import { buildWorkflow, capturedLogs } from './workflow';

export interface TestCredentialOptions {
	credentialType: ICredentialType;
	/** The credential as the user filled it in. */
	data: ICredentialDataDecryptedObject;
}

export interface TestCredentialResult extends INodeCredentialTestResult {
	/** The error the test request failed with, if it did. */
	error?: Error;
	logs: LogLine[];
	signedRequests: SignedRequest[];
}

export async function testCredential(options: TestCredentialOptions): Promise<TestCredentialResult> {
	const logMark = capturedLogs.mark();
	const { credentialType } = options;
	const testRequest = credentialType.test;
	if (!testRequest) throw new UnexpectedError(`Credential type "${credentialType.name}" has no test request`);

	// The CLI falls back to the NoOp node when no node declares the test; its description carries
	// no requestDefaults, so the credential's test request is all there is.
	const tempNodeType: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' }],
		},
	};
	const { workflow, node, credentialsHelper, additionalData } = buildWorkflow({
		nodeType: tempNodeType,
		typeName: tempNodeType.description.name,
		nodeName: 'Temp-Node',
		credentialType,
		credentials: options.data,
	});
	const { id, name } = node.credentials![credentialType.name];
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: id!,
		name,
		type: credentialType.name,
		// The CLI applies defaults and overwrites before testing.
		data: credentialsHelper.applyDefaults(credentialType.name, options.data),
	};

	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData({ resultData: { runData: {} } }),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, tempNodeType, credentialsDecrypted);

	const finish = (outcome: INodeCredentialTestResult, error?: Error): TestCredentialResult => ({
		...outcome,
		error,
		logs: capturedLogs.since(logMark),
		signedRequests: credentialsHelper.signedRequests,
	});

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		Container.get(ErrorReporter).error(error);
		return finish(credentialTestFailure(testRequest.rules ?? [], error as RequestFailure), error as Error);
	}
	return finish(checkCredentialTestRules(testRequest.rules ?? [], response![0][0].json));
}
