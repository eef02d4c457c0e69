// A bare loopback HTTP server that records every request byte for byte. Used where a test must see
// exactly what n8n put on the wire (the form fields, and that the password is not among them).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
	method: string;
	/** Path and query as sent. */
	url: string;
	headers: IncomingHttpHeaders;
	/** The raw body as text. */
	body: string;
	/** Query-string and urlencoded-form fields merged (form wins), as Mobset reads them. */
	fields: Record<string, string>;
	/** Field names in the order they appear in the body. */
	fieldOrder: string[];
}

export type Responder = (request: CapturedRequest, response: ServerResponse) => void;

export interface CaptureServer {
	/** Base URL, e.g. `http://127.0.0.1:41234`. */
	origin: string;
	/** A URL on this server shaped like Mobset's (`/SDK3/Sms`). */
	url: string;
	requests: CapturedRequest[];
	/** Replaces how the server answers (default: a successful, empty SDK3 envelope). */
	respondWith(responder: Responder): void;
	close(): Promise<void>;
}

export const emptyReportEnvelope: Responder = (_request, response) => {
	response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
	response.end(JSON.stringify({ Code: '0', Message: '成功', Details: [] }));
};

export async function startCaptureServer(responder: Responder = emptyReportEnvelope): Promise<CaptureServer> {
	const requests: CapturedRequest[] = [];
	let respond = responder;
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const query = new URL(req.url ?? '/', 'http://capture').searchParams;
			const isForm = (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
			const form = new URLSearchParams(isForm ? body : '');
			const captured: CapturedRequest = {
				method: req.method ?? '',
				url: req.url ?? '',
				headers: req.headers,
				body,
				fields: { ...Object.fromEntries(query), ...Object.fromEntries(form) },
				fieldOrder: [...form.keys()],
			};
			requests.push(captured);
			respond(captured, res);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const origin = `http://127.0.0.1:${port}`;
	return {
		origin,
		url: `${origin}/SDK3/Sms`,
		requests,
		respondWith(next) {
			respond = next;
		},
		close: async () =>
			await new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			}),
	};
}
