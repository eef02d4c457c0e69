// A TCP proxy that puts a simulated network between a client and the simulator: every byte takes
// half a round trip each way, and a new connection can carry nothing until its handshake round
// trip is over. On loopback `connect()` completes at once, so without that second rule a client
// that opens a connection per request would pay nothing for it, which is exactly what this
// benchmark has to show. TLS passes through untouched, so its handshake costs its real round trips.
import net, { type AddressInfo, type Socket } from 'node:net';

export interface DelayProxy {
	/** `host:port` clients connect to instead of the upstream. */
	port: number;
	/** TCP connections accepted so far. */
	connections(): number;
	close(): Promise<void>;
}

/** One direction of a connection: chunks leave in order, each no earlier than its due time. */
class DelayedPipe {
	private readonly queue: Array<{ due: number; chunk: Buffer | null }> = [];

	private timer: NodeJS.Timeout | undefined;

	constructor(
		private readonly to: Socket,
		private readonly delayMs: number,
		/** Nothing may leave before this instant (the end of the TCP handshake). */
		private notBefore: number,
	) {}

	/** `null` stands for the end of the stream (FIN), which travels as late as the data before it. */
	push(chunk: Buffer | null): void {
		const due = Math.max(Date.now() + this.delayMs, this.notBefore);
		this.queue.push({ due, chunk });
		this.schedule();
	}

	private schedule(): void {
		if (this.timer || this.queue.length === 0) return;
		const wait = Math.max(0, this.queue[0].due - Date.now());
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.flush();
		}, wait);
	}

	private flush(): void {
		const now = Date.now();
		while (this.queue.length > 0 && this.queue[0].due <= now) {
			const { chunk } = this.queue.shift()!;
			if (this.to.destroyed) continue;
			if (chunk === null) this.to.end();
			else this.to.write(chunk);
		}
		this.schedule();
	}

	stop(): void {
		clearTimeout(this.timer);
		this.queue.length = 0;
	}
}

/**
 * Starts a proxy to `upstreamPort` on loopback with `rttMs` of round trip. The upstream connection
 * is opened at once (the simulator then counts exactly one connection per client connection);
 * only the bytes are held back.
 */
export async function startDelayProxy(upstreamPort: number, rttMs: number): Promise<DelayProxy> {
	const oneWay = rttMs / 2;
	const sockets = new Set<Socket>();
	let accepted = 0;
	// Half-open on both sides: a FIN must wait behind the data still queued ahead of it.
	const server = net.createServer({ noDelay: true, allowHalfOpen: true }, (client) => {
		accepted++;
		const acceptedAt = Date.now();
		const upstream = net.connect({ port: upstreamPort, host: '127.0.0.1', noDelay: true, allowHalfOpen: true });
		sockets.add(client);
		sockets.add(upstream);
		// The client's first bytes (request or TLS ClientHello) would only leave after SYN/SYN-ACK,
		// one round trip after connect(), and then take half a round trip to arrive.
		const toServer = new DelayedPipe(upstream, oneWay, acceptedAt + rttMs + oneWay);
		const toClient = new DelayedPipe(client, oneWay, 0);
		client.on('data', (chunk) => toServer.push(chunk));
		upstream.on('data', (chunk) => toClient.push(chunk));
		// A FIN (or a socket that just went away) is passed on once, behind the data before it.
		let clientDone = false;
		let upstreamDone = false;
		const clientEnded = () => {
			if (!clientDone) toServer.push(null);
			clientDone = true;
		};
		const upstreamEnded = () => {
			if (!upstreamDone) toClient.push(null);
			upstreamDone = true;
		};
		client.on('end', clientEnded);
		upstream.on('end', upstreamEnded);
		const teardown = () => {
			toServer.stop();
			toClient.stop();
			client.destroy();
			upstream.destroy();
			sockets.delete(client);
			sockets.delete(upstream);
		};
		// A reset travels at once: the benchmark injects no faults, so its timing does not matter.
		client.on('error', teardown);
		upstream.on('error', teardown);
		let open = 2;
		const closed = () => {
			if (--open === 0) teardown();
		};
		client.on('close', () => {
			clientEnded();
			closed();
		});
		upstream.on('close', () => {
			upstreamEnded();
			closed();
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	return {
		port: (server.address() as AddressInfo).port,
		connections: () => accepted,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}
