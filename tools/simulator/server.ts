import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import { createServer as createHttpsServer } from 'https';
import type { Socket } from 'net';
import type { CallOutcome, Engine } from './engine';
import { CODES } from './codes';
import { Fields } from './fields';
import type { FiredFault } from './faults';

/** The provider documents one path; clients spell it /SDK3/Sms and /SDK3/SMS, so case is ignored. */
const SDK3_PATH = '/sdk3/sms';
export const CONTROL_PREFIX = '/_sim';

/** Far above any real SDK3 request (SignNameApply carries < 2 MB base64 per document). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

const HTML_500 =
	'<!DOCTYPE html>\r\n<html><head><title>500 - 内部服务器错误。</title></head>' +
	'<body><h2>500 - 内部服务器错误。</h2><h3>您查找的资源存在问题,因而无法显示。</h3></body></html>\r\n';

const HTML_502 =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
	'<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** In a `respond` body or header: replaced by the request's form body, as an echoing service would. */
const ECHO_TOKEN = '{{request}}';

export type ControlHandler = (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) => void;

export interface ServerOptions {
	engine: Engine;
	control?: ControlHandler;
	tls?: { key: string; cert: string };
}

export function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
	if (res.destroyed || res.headersSent) return;
	const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
	const clean: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		// Content-Length always matches what is sent: a wrong one would be a different fault.
		if (name.toLowerCase() !== 'content-length') clean[name] = value;
	}
	res.writeHead(status, { ...clean, 'Content-Length': String(payload.length) });
	res.end(payload);
}

/** An RST rather than a FIN, so the client sees ECONNRESET like a real dropped connection. */
export function resetSocket(socket: Socket): void {
	try {
		socket.resetAndDestroy();
	} catch {
		// TLS sockets cannot send a bare RST; closing them is the nearest equivalent.
		socket.destroy();
	}
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				resolve(undefined);
				req.removeAllListeners('data');
				req.resume();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/**
 * Resolves once the event loop has read its sockets again: the first immediate runs before the
 * loop next polls for I/O, the second after it.
 */
const socketsRead = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

const sleep = (ms: number) =>
	new Promise<void>((resolve) => {
		// Unref'd so a pending latency never keeps a test process alive after close().
		setTimeout(resolve, ms).unref();
	});

/**
 * The HTTP(S) front: routing, body parsing, latency, and the transport-level faults. Business
 * behaviour lives in the engine.
 */
export function createSimulatorServer(options: ServerOptions): Server {
	const { engine } = options;
	const handler = (req: IncomingMessage, res: ServerResponse) => {
		handle(req, res).catch((error) => {
			send(res, 500, { 'Content-Type': 'text/plain; charset=utf-8' }, `simulator error: ${error?.message}`);
		});
	};

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://simulator.invalid');
		const path = url.pathname;
		if (options.control && (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`))) {
			engine.countControl();
			const body = await readBody(req);
			if (!body) return send(res, 413, { 'Content-Type': 'text/plain' }, 'body too large');
			return options.control(req, res, url, body);
		}
		engine.countRequest(req.method ?? '');
		const body = await readBody(req);
		if (path.toLowerCase() !== SDK3_PATH) {
			return send(res, 404, { 'Content-Type': 'text/html; charset=utf-8' }, '<h1>404 - 找不到文件或目录。</h1>');
		}
		if (req.method !== 'GET' && req.method !== 'POST') {
			return send(res, 405, { Allow: 'GET, POST', 'Content-Type': 'text/plain' }, 'Method Not Allowed');
		}
		if (!body) return send(res, 413, { 'Content-Type': 'text/plain' }, 'Request Entity Too Large');

		const contentType = (req.headers['content-type'] ?? '').toLowerCase();
		const sources = [url.searchParams];
		if (body.length > 0 && (contentType === '' || contentType.includes('application/x-www-form-urlencoded'))) {
			sources.push(new URLSearchParams(body.toString('utf8')));
		}
		const fields = new Fields(sources);
		const method = fields.get('Methods', engine.switches.caseInsensitiveFieldNames);
		engine.countMethod(method);
		engine.callStarted();
		res.on('close', () => engine.callEnded());

		const delay = engine.latencyFor();
		if (delay > 0) await sleep(delay);
		// A client that gave up while we waited, or before its call was even read (a test process
		// stalled past its deadline), must not cost it any reports, nor take a fault armed for the
		// next call. Its close may already wait on the socket unread: let the event loop read it.
		await socketsRead();
		if (req.socket.destroyed || res.destroyed) return;

		const fault = engine.faults.next(method);
		if (fault) {
			engine.countFault(fault.kind);
			return runFault(fault, req, res, fields, body.toString('utf8'));
		}
		const json = { 'Content-Type': engine.switches.contentType };
		send(res, 200, json, engine.handle(fields).body);
	}

	function runFault(fault: FiredFault, req: IncomingMessage, res: ServerResponse, fields: Fields, requestBody: string): void {
		const json = { 'Content-Type': engine.switches.contentType };
		const html = { 'Content-Type': 'text/html; charset=utf-8' };
		const spec = fault.spec;
		switch (fault.kind) {
			case 'http500':
				return send(res, 500, html, HTML_500);
			case 'html502':
				return send(res, 502, html, HTML_502);
			case 'authFailure':
				return send(res, 200, json, engine.failureBody(CODES.badAccount));
			case 'clockSkew':
				return send(res, 200, json, engine.failureBody(CODES.badTimeStamp));
			case 'truncatedJson': {
				// The service ran the call (its reports left the queue) and the answer was cut on the
				// way: reports wholly inside the prefix can still be read, the rest are lost in flight.
				const outcome = engine.handle(fields);
				const full = Buffer.from(outcome.body, 'utf8');
				const cut = Math.min(full.length - 1, Math.max(1, Math.floor(full.length * (spec.fraction ?? 0.5))));
				const prefix = full.subarray(0, cut).toString('utf8');
				engine.recordLostAnswer(
					outcome,
					outcome.dequeuedIds.filter((id) => !reportWhollyIn(prefix, id)),
				);
				return send(res, 200, json, full.subarray(0, cut));
			}
			case 'reset':
				return resetSocket(req.socket);
			case 'stall': {
				const timer = spec.ms !== undefined ? setTimeout(() => resetSocket(req.socket), spec.ms) : undefined;
				timer?.unref();
				res.on('close', () => clearTimeout(timer));
				return;
			}
			case 'trickle':
				return trickle(res, engine.handle(fields), spec);
			case 'dropAfterDequeue':
				// The call takes full effect (reports leave the queue, a send is accepted), then the answer is lost.
				engine.handle(fields, true);
				return resetSocket(req.socket);
			case 'respond':
				return respond(res, spec, requestBody);
		}
	}

	/**
	 * The call runs fully, then the answer drips out a few bytes at a time: the connection is never
	 * idle, so a client whose time-out only counts idle time waits for as long as the drip lasts.
	 * A client that leaves before the last byte has no usable answer: the call's reports are lost.
	 */
	function trickle(res: ServerResponse, outcome: CallOutcome, spec: FiredFault['spec']): void {
		const body = Buffer.from(outcome.body, 'utf8');
		const step = spec.chunkBytes ?? 1;
		let sent = 0;
		res.writeHead(200, { 'Content-Type': engine.switches.contentType, 'Content-Length': String(body.length) });
		const timer = setInterval(() => {
			if (res.destroyed) return;
			res.write(body.subarray(sent, sent + step));
			sent += step;
			if (sent >= body.length) {
				clearInterval(timer);
				res.end();
			}
		}, spec.intervalMs ?? 200);
		timer.unref();
		res.on('close', () => {
			clearInterval(timer);
			if (!res.writableFinished) engine.recordLostAnswer(outcome);
		});
	}

	function respond(res: ServerResponse, spec: FiredFault['spec'], requestBody: string): void {
		const echo = (text: string) => text.split(ECHO_TOKEN).join(requestBody);
		let body: Buffer;
		if (spec.bodyBase64 !== undefined) body = Buffer.from(spec.bodyBase64, 'base64');
		else if (spec.bodySize !== undefined) body = padded(spec.bodySize);
		else if (typeof spec.body === 'object' && spec.body !== null) body = Buffer.from(echo(JSON.stringify(spec.body)));
		else body = Buffer.from(echo(String(spec.body ?? '')), 'utf8');
		const headers = Object.fromEntries(
			Object.entries(spec.headers ?? { 'Content-Type': engine.switches.contentType }).map(([name, value]) => [name, echo(value)]),
		);
		send(res, spec.status ?? 200, headers, body);
	}

	const server = options.tls
		? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler)
		: createHttpServer(handler);
	// `connection` fires once per TCP connection (for HTTPS too), so keep-alive reuse shows as one.
	server.on('connection', () => engine.countConnection());
	return server;
}

/** Whether the report carrying `id` ends inside `prefix` (report objects hold no nested braces). */
function reportWhollyIn(prefix: string, id: string): boolean {
	const at = prefix.indexOf(id);
	return at >= 0 && prefix.indexOf('}', at) >= 0;
}

/** A valid, empty SmsGetReport-like envelope padded to exactly `size` bytes (minimum its skeleton). */
function padded(size: number): Buffer {
	const head = '{"Code":"0","Message":"取短信状态报告成功","Details":[],"Padding":"';
	const tail = '"}';
	const fixed = Buffer.byteLength(head) + Buffer.byteLength(tail);
	return Buffer.from(head + 'x'.repeat(Math.max(0, size - fixed)) + tail, 'utf8');
}
