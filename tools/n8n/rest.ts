// The few calls to n8n's internal REST API that a headless run needs. n8n 2.x has no CLI to create
// the owner account, but `POST /rest/owner/setup` is open until an owner exists (the editor's own
// first-run form uses it), and it answers with the session cookie the editor's endpoints require.
import { request } from 'undici';

export interface OwnerAccount {
	email: string;
	firstName: string;
	lastName: string;
	/** n8n's rule: 8–64 characters with at least one digit and one capital letter. */
	password: string;
}

export const DEFAULT_OWNER: Readonly<OwnerAccount> = Object.freeze({
	email: 'owner@example.com',
	firstName: 'Local',
	lastName: 'Owner',
	password: 'Mobset-Demo-2026',
});

export interface Session {
	cookie: string;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

async function send(
	baseUrl: string,
	path: string,
	options: { method?: Method; body?: unknown; session?: Session } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
	const response = await request(`${baseUrl}${path}`, {
		method: options.method ?? 'GET',
		headers: {
			...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
			...(options.session ? { cookie: options.session.cookie } : {}),
		},
		body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
		// A connection per call: a pooled keep-alive socket breaks when n8n restarts between calls.
		reset: true,
		// Installing a community package answers only once npm has fetched and n8n has loaded it.
		headersTimeout: 120_000,
		bodyTimeout: 120_000,
	});
	return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

function sessionFrom(headers: Record<string, string | string[] | undefined>): Session {
	const setCookie = headers['set-cookie'];
	const cookies = (Array.isArray(setCookie) ? setCookie : [setCookie ?? '']).map((line) => line.split(';')[0]);
	const auth = cookies.find((cookie) => cookie.startsWith('n8n-auth='));
	if (!auth) throw new Error('n8n answered without an n8n-auth session cookie');
	return { cookie: auth };
}

/** Creates the owner account (first run) or logs in with it (it already exists). */
export async function ensureOwner(baseUrl: string, owner: OwnerAccount = DEFAULT_OWNER): Promise<Session> {
	const setup = await send(baseUrl, '/rest/owner/setup', { method: 'POST', body: owner });
	if (setup.status === 200) return sessionFrom(setup.headers);
	const login = await send(baseUrl, '/rest/login', {
		method: 'POST',
		body: { emailOrLdapLoginId: owner.email, password: owner.password },
	});
	if (login.status === 200) return sessionFrom(login.headers);
	throw new Error(
		`could not set up or log in the n8n owner ${owner.email}: setup answered ${setup.status} ${setup.text.slice(0, 200)}; login answered ${login.status} ${login.text.slice(0, 200)}`,
	);
}

/** GETs a JSON document the editor reads, e.g. `/types/nodes.json` (needs a session). */
export async function getJson<T>(baseUrl: string, path: string, session?: Session): Promise<T> {
	const response = await send(baseUrl, path, { session });
	if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${response.text.slice(0, 200)}`);
	return JSON.parse(response.text) as T;
}

/** POSTs JSON to an editor endpoint and returns the parsed answer's `data` (n8n wraps answers in it). */
export async function postJson<T>(baseUrl: string, path: string, body: unknown, session?: Session): Promise<T> {
	const response = await send(baseUrl, path, { method: 'POST', body, session });
	if (response.status !== 200) throw new Error(`POST ${path} answered ${response.status}: ${response.text.slice(0, 200)}`);
	return (JSON.parse(response.text) as { data: T }).data;
}

/** Sends JSON with any method and returns the answer's `data`; a non-2xx answer throws with n8n's message. */
export async function sendJson<T>(
	baseUrl: string,
	method: Method,
	path: string,
	options: { body?: unknown; session?: Session } = {},
): Promise<T> {
	const response = await send(baseUrl, path, { method, ...options });
	if (response.status < 200 || response.status > 299) {
		throw new Error(`${method} ${path} answered ${response.status}: ${response.text.slice(0, 500)}`);
	}
	return (JSON.parse(response.text) as { data: T }).data;
}

/** GETs any path and returns status, content type and body (e.g. node icons). */
export async function getRaw(
	baseUrl: string,
	path: string,
	session?: Session,
): Promise<{ status: number; contentType: string; text: string }> {
	const response = await send(baseUrl, path, { session });
	return { status: response.status, contentType: String(response.headers['content-type'] ?? ''), text: response.text };
}

/**
 * POSTs JSON to a published workflow's production webhook and returns what it answered. n8n says it
 * is ready before it has registered the webhooks of published workflows; until then the URL answers
 * 404 and runs nothing, so with `untilRegistered` the call is retried for up to a minute.
 */
export async function postWebhook(
	baseUrl: string,
	webhookPath: string,
	{ body = {}, untilRegistered = false, timeoutMs = 15 * 60_000 }: { body?: unknown; untilRegistered?: boolean; timeoutMs?: number } = {},
): Promise<{ status: number; text: string }> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const response = await request(`${baseUrl}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			headersTimeout: timeoutMs,
			bodyTimeout: timeoutMs,
		});
		const text = await response.body.text();
		const unregistered = response.statusCode === 404 && /not registered/.test(text);
		if (!untilRegistered || !unregistered || Date.now() > deadline) return { status: response.statusCode, text };
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
