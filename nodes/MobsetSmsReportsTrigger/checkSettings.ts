import type { IPollFunctions } from 'n8n-workflow';

import { checkCredentialFields } from '../shared/authentication';
import { operationError } from '../shared/errors';
import { readMaxReportsPerPoll, readReportOptions } from '../shared/options';
import { readCredential } from '../shared/transport';

/**
 * What a test run checks before it returns the sample report: every parameter a poll reads and
 * every field of the credential, so settings that would fail every poll of the active workflow
 * fail the test run instead. Nothing is fetched here: Mobset hands out each report only once.
 */
export async function checkSettings(context: IPollFunctions): Promise<void> {
	readReportOptions(context);
	readMaxReportsPerPoll(context);
	const credential = await readCredential(context);
	try {
		checkCredentialFields(credential.data);
	} catch (error) {
		// Only a UserError comes from here: a credential field the user can fix.
		throw operationError(context.getNode(), (error as Error).message, { failure: { cause: 'configuration-invalid' } });
	}
}
