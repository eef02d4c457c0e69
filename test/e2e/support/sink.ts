// A loopback HTTP server that records what n8n's HTTP Request node posts to it: the only way to see,
// from outside, the items an active workflow produced under `n8n start`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: Record<string, unknown>;
	receivedAt: number;
}

export interface Sink {
	url: string;
	requests: SinkRequest[];
	/** Resolves once `count` requests have arrived, or rejects after `timeoutMs`. */
	waitFor(count: number, timeoutMs: number): Promise<void>;
	close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
	const requests: SinkRequest[] = [];
	const waiters = new Set<() => void>();
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let body: Record<string, unknown>;
			try {
				body = JSON.parse(text);
			} catch {
				body = { unparsed: text };
			}
			requests.push({ path: req.url ?? '', headers: req.headers, body, receivedAt: Date.now() });
			for (const wake of waiters) wake();
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		waitFor(count, timeoutMs) {
			return new Promise((resolve, reject) => {
				const check = () => {
					if (requests.length < count) return;
					cleanup();
					resolve();
				};
				const timer = setTimeout(() => {
					cleanup();
					reject(new Error(`the sink received ${requests.length} of ${count} requests within ${timeoutMs / 1000} s`));
				}, timeoutMs);
				const cleanup = () => {
					clearTimeout(timer);
					waiters.delete(check);
				};
				waiters.add(check);
				check();
			});
		},
		close() {
			return new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}
