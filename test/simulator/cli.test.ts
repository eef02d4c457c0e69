import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as ts from 'typescript';
import { Agent, request } from 'undici';
import { beijingStamp, md5 } from './helpers';

const ROOT = join(__dirname, '..', '..');

/**
 * Transpiles the simulator folder alone (it imports nothing of the package): a type error in
 * someone else's folder must not stop this test, and a full `tsc` run would take far longer.
 */
function buildCli(): string {
	const out = mkdtempSync(join(tmpdir(), 'mobset-sim-cli-'));
	const source = join(ROOT, 'tools', 'simulator');
	for (const file of readdirSync(source).filter((f) => f.endsWith('.ts'))) {
		const { outputText } = ts.transpileModule(readFileSync(join(source, file), 'utf8'), {
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
			fileName: file,
		});
		writeFileSync(join(out, file.replace(/\.ts$/, '.js')), outputText);
	}
	return out;
}

interface Running {
	child: ChildProcessWithoutNullStreams;
	output: () => string;
	exited: Promise<number | null>;
}

function run(dir: string, args: string[]): Running {
	const child = spawn(process.execPath, [join(dir, 'cli.js'), ...args], { stdio: 'pipe' });
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return { child, output: () => output, exited };
}

async function waitFor(running: Running, pattern: RegExp, ms = 10000): Promise<RegExpMatchArray> {
	const deadline = Date.now() + ms;
	for (;;) {
		const match = running.output().match(pattern);
		if (match) return match;
		if (Date.now() > deadline || running.child.exitCode !== null) {
			throw new Error(`CLI never printed ${pattern}; output:\n${running.output()}`);
		}
		await new Promise((r) => setTimeout(r, 25));
	}
}

const reportFields = (password = 'demo-password') => {
	const timeStamp = beijingStamp();
	return new URLSearchParams({
		CorpID: '100000',
		LoginName: 'admin',
		TimeStamp: timeStamp,
		SecretKey: md5('100000' + password + timeStamp),
		Methods: 'SmsGetReport',
	}).toString();
};

describe('simulator CLI', () => {
	let dir: string;
	const started: Running[] = [];

	beforeAll(() => {
		dir = buildCli();
	});
	afterAll(() => {
		for (const r of started) if (r.child.exitCode === null) r.child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
	});

	const start = (args: string[]) => {
		const r = run(dir, args);
		started.push(r);
		return r;
	};

	it('starts, prints its URL and the demo account, serves seeded reports, stops on SIGTERM', async () => {
		const cli = start(['--port', '0', '--seed', '7', '--fail', '13800138000', '--fail', '9']);
		const [, url] = await waitFor(cli, /listening on (http:\/\/127\.0\.0\.1:\d+\/SDK3\/Sms)\n/);
		expect(cli.output()).toContain('Demo account: CorpID 100000, LoginName admin, password demo-password');
		expect(cli.output()).toContain('/_sim/state');
		const res = await request(url, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: reportFields(),
		});
		const json = JSON.parse(await res.body.text());
		expect(json.Code).toBe('7');
		expect(json.Details).toHaveLength(7);
		const state = await request(url.replace('/SDK3/Sms', '/_sim/state'));
		expect(JSON.parse(await state.body.text()).failureRule).toEqual({ numbers: ['13800138000'], suffixes: ['9'] });
		cli.child.kill('SIGTERM');
		expect(await cli.exited).toBe(0);
	});

	it('takes a custom account and a report feed, printing nothing per report', async () => {
		const cli = start(['--port=0', '--account', '300001:ops:s3cret', '--feed', '6000']);
		const [, url] = await waitFor(cli, /listening on (\S+)\n/);
		expect(cli.output()).toContain('Demo account: CorpID 300001, LoginName ops, password s3cret');
		await new Promise((r) => setTimeout(r, 700));
		const printed = cli.output();
		const timeStamp = beijingStamp();
		const res = await request(`${url}?${new URLSearchParams({
			CorpID: '300001',
			LoginName: 'ops',
			TimeStamp: timeStamp,
			SecretKey: md5('300001' + 's3cret' + timeStamp),
			Methods: 'SmsGetReport',
		})}`);
		expect(Number(JSON.parse(await res.body.text()).Code)).toBeGreaterThan(10);
		expect(cli.output()).toBe(printed);
		cli.child.kill('SIGINT');
		expect(await cli.exited).toBe(0);
	});

	it('serves HTTPS with a self-signed certificate it prints', async () => {
		const cli = start(['--port', '0', '--https', '--seed', '1']);
		const [, url] = await waitFor(cli, /listening on (https:\/\/\S+)\n/);
		const [cert] = await waitFor(cli, /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/);
		const agent = new Agent({ connect: { ca: cert } });
		try {
			const res = await request(url, { method: 'POST', body: reportFields(), dispatcher: agent });
			expect(JSON.parse(await res.body.text()).Code).toBe('1');
		} finally {
			await agent.close();
		}
		cli.child.kill('SIGTERM');
		await cli.exited;
	});

	it('implements the protocol on its own: no import reaches outside tools/simulator', () => {
		const source = join(ROOT, 'tools', 'simulator');
		const outside = readdirSync(source)
			.filter((f) => f.endsWith('.ts'))
			.flatMap((f) => [...readFileSync(join(source, f), 'utf8').matchAll(/from '(\.\.\/[^']*)'/g)].map((m) => `${f}: ${m[1]}`));
		expect(outside).toEqual([]);
	});

	it('refuses unknown flags with exit code 2 and usage', async () => {
		const cli = start(['--bogus']);
		expect(await cli.exited).toBe(2);
		expect(cli.output()).toMatch(/Unknown option --bogus[\s\S]*Usage:/);
	});

	it('reports a busy port and exits 1', async () => {
		const first = start(['--port', '0']);
		const [, port] = await waitFor(first, /127\.0\.0\.1:(\d+)/);
		const second = start(['--port', port]);
		expect(await second.exited).toBe(1);
		expect(second.output()).toMatch(/failed to start.*EADDRINUSE/i);
		first.child.kill('SIGTERM');
		await first.exited;
	});
});
