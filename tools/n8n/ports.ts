import { createServer } from 'node:net';

/**
 * A TCP port that was free a moment ago. n8n takes its ports from the environment, so the port
 * has to be chosen before it starts; the short race with other programs is acceptable for tests.
 */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** `preferred` when it is free (a stable address for people), otherwise any free port. */
export function freePortPreferring(preferred: number): Promise<number> {
	if (preferred === 0) return freePort();
	return new Promise((resolve) => {
		const server = createServer();
		server.unref();
		server.on('error', () => resolve(freePort()));
		server.listen(preferred, '127.0.0.1', () => server.close(() => resolve(preferred)));
	});
}
