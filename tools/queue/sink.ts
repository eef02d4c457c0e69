// Where the queue-mode workflows post each execution's items (aggregated into one request). It
// can hold requests unanswered, so an execution is caught mid-run: a held request whose connection
// closes before it is answered (its worker was killed) counts as not delivered. For the benchmark it
// can take time per item, as a CRM or ticket system would.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
	path: string;
	executionId: string;
	items: Array<Record<string, unknown>>;
}

interface Held extends Delivery {
	res: ServerResponse;
}

export interface QueueSink {
	url: string;
	/** Requests answered 200: what the workflow delivered. */
	delivered: Delivery[];
	/** Held requests whose connection closed first. */
	abandoned: Delivery[];
	/** From now on, keep requests unanswered until `release`. */
	hold(): void;
	/** Answers the held requests and stops holding. */
	release(): void;
	/** Resolves with the first held request (already held, or the next one). */
	nextHeld(timeoutMs: number): Promise<Delivery>;
	/** Resolves once `done()` is true, checked after each request, or rejects after `timeoutMs`. */
	until(done: () => boolean, timeoutMs: number, what: string): Promise<void>;
	close(): Promise<void>;
}

export interface QueueSinkOptions {
	/** Milliseconds each posted item adds to the answer's delay (default 0). */
	msPerItem?: number;
}

export async function startQueueSink(options: QueueSinkOptions = {}): Promise<QueueSink> {
	const msPerItem = options.msPerItem ?? 0;
	const delivered: Delivery[] = [];
	const abandoned: Delivery[] = [];
	const held: Held[] = [];
	const listeners = new Set<() => void>();
	let holding = false;
	const notify = () => {
		for (const listener of [...listeners]) listener();
	};

	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			let body: { data?: Array<Record<string, unknown>> } = {};
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			} catch {
				// Counted as a delivery of nothing.
			}
			const delivery: Delivery = {
				path: req.url ?? '',
				executionId: String(req.headers['x-execution-id'] ?? ''),
				items: Array.isArray(body.data) ? body.data : [],
			};
			if (holding) {
				const entry: Held = { ...delivery, res };
				held.push(entry);
				res.on('close', () => {
					if (res.writableEnded) return;
					held.splice(held.indexOf(entry), 1);
					abandoned.push(delivery);
					notify();
				});
				notify();
				return;
			}
			const answer = () => {
				delivered.push(delivery);
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end('{"ok":true}');
				notify();
			};
			if (msPerItem > 0) setTimeout(answer, delivery.items.length * msPerItem);
			else answer();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	const until = (done: () => boolean, timeoutMs: number, what: string) =>
		new Promise<void>((resolve, reject) => {
			const check = () => {
				if (!done()) return;
				cleanup();
				resolve();
			};
			const timer = setTimeout(() => {
				cleanup();
				reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`));
			}, timeoutMs);
			const cleanup = () => {
				clearTimeout(timer);
				listeners.delete(check);
			};
			listeners.add(check);
			check();
		});

	return {
		url: `http://127.0.0.1:${port}`,
		delivered,
		abandoned,
		hold: () => {
			holding = true;
		},
		release: () => {
			holding = false;
			for (const entry of held.splice(0)) {
				const { res, ...delivery } = entry;
				delivered.push(delivery);
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end('{"ok":true}');
			}
			notify();
		},
		async nextHeld(timeoutMs) {
			await until(() => held.length > 0, timeoutMs, 'an execution to post its items');
			const { path, executionId, items } = held[0];
			return { path, executionId, items };
		},
		until,
		close: () =>
			new Promise<void>((resolve) => {
				for (const entry of held.splice(0)) entry.res.destroy();
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
