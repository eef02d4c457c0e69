// The floor again, but through n8n's own outbound HTTP client (the one behind
// `httpRequestWithAuthentication`) with the request options the node sends: no engine, no item
// mapping. The gap between this and the floor is what n8n's helper costs (a new agent, and so a
// new TCP/TLS connection, per request); the gap between this and the node is the package's own.
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { PAGE_SIZE } from '../../nodes/protocol/drain';
import { signRequest } from '../../nodes/shared/authentication';
import { sdk3Request } from '../../nodes/shared/transport';
import { Container } from '../harness/n8nCoreDeps';

type OutboundHttpModule = typeof import('@n8n/backend-network');

// n8n-core's own copy, registered in its DI container (see tools/harness/n8nCoreDeps.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { OutboundHttp } = require(
	require.resolve('@n8n/backend-network', { paths: [require.resolve('n8n-core')] }),
) as OutboundHttpModule;

export async function helperDrain(
	url: string,
	account: { corpId: string; loginName: string; password: string },
): Promise<IDataObject[]> {
	const client = Container.get(OutboundHttp).requests();
	const credentials = { ...account, baseUrl: url, ignoreSslIssues: true };
	const reports: IDataObject[] = [];
	for (;;) {
		// Exactly the options the nodes send, signed by the credential.
		const request: IHttpRequestOptions = signRequest(credentials, sdk3Request('SmsGetReport', {}, 30_000));
		// n8n-core bundles its own n8n-workflow types; the options are the same at run time.
		const answer = (await client.request(request as never)) as { statusCode: number; body: string };
		const parsed = JSON.parse(answer.body) as { Details?: IDataObject[] };
		if (answer.statusCode !== 200) throw new Error(`helper client: HTTP ${answer.statusCode}`);
		const page = Array.isArray(parsed.Details) ? parsed.Details : [];
		for (const report of page) reports.push(report);
		if (page.length < PAGE_SIZE) return reports;
	}
}
