#!/usr/bin/env node
/**
 * `node build/tools/simulator/cli.js --port 8095 --seed 500`: runs the simulator until Ctrl+C.
 * Note `--seed N` queues N reports (the demo wants something to fetch); the PRNG seed that makes
 * runs repeatable is `--random-seed` (default 1, so the same flags give the same reports).
 */
import { DEMO_ACCOUNT, startSimulator, type Account, type SimulatorOptions } from './index';

const USAGE = `Usage: node build/tools/simulator/cli.js [options]
  --port <n>             port to listen on (default 8095; 0 = any free port)
  --host <addr>          address to bind (default 127.0.0.1)
  --seed <n>             queue n generated reports at start-up (default 0)
  --random-seed <n>      PRNG seed for ids/outcomes/faults (default 1)
  --feed <perMinute>     keep queuing generated reports at this rate
  --report-delay <ms>    delay before an SmsSend report is visible (default 300)
  --latency <ms>         delay before every SDK3 answer (default 0)
  --delivered <ratio>    share of delivered reports (default 0.85)
  --fail <digits>        sent numbers that equal or end in <digits> fail; all others are
                         delivered (repeatable: --fail 13800138000 --fail 0)
  --account <corpId:loginName:password>   add an account (repeatable; first replaces the demo one)
  --password <pw>        password of the demo account (default demo-password)
  --https                serve HTTPS with a throw-away self-signed certificate
  --no-control           do not mount the /_sim/ control interface
  --help`;

function fail(message: string): never {
	process.stderr.write(`${message}\n\n${USAGE}\n`);
	process.exit(2);
}

function parse(argv: string[]): SimulatorOptions {
	const options: SimulatorOptions = { port: 8095, switches: {} };
	const accounts: Account[] = [];
	let password = DEMO_ACCOUNT.password;
	const number = (flag: string, value: string | undefined) => {
		const n = Number(value);
		if (value === undefined || value === '' || !Number.isFinite(n) || n < 0) fail(`${flag} needs a number >= 0`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s, 2);
		const value = () => inline ?? argv[++i];
		switch (flag) {
			case '--port':
				options.port = number(flag, value());
				break;
			case '--host':
				options.host = value() ?? fail('--host needs a value');
				break;
			case '--seed':
				options.initialReports = number(flag, value());
				break;
			case '--random-seed':
				options.seed = number(flag, value());
				break;
			case '--feed':
				options.feedPerMinute = number(flag, value());
				break;
			case '--report-delay':
				options.reportDelayMs = number(flag, value());
				break;
			case '--latency':
				options.latencyMs = number(flag, value());
				break;
			case '--delivered':
				options.switches = { ...options.switches, deliveredRatio: number(flag, value()) };
				break;
			case '--account': {
				const [corpId, loginName, ...rest] = (value() ?? '').split(':');
				if (!corpId || !loginName || rest.length === 0) fail('--account needs corpId:loginName:password');
				accounts.push({ corpId, loginName, password: rest.join(':') });
				break;
			}
			case '--password':
				password = value() ?? fail('--password needs a value');
				break;
			case '--fail': {
				const digits = value() ?? '';
				if (!/^\d+$/.test(digits)) fail('--fail needs digits');
				// A whole mobile number names that number; fewer digits name an ending.
				const rule = options.failureRule ?? {};
				const key = digits.length === 11 ? 'numbers' : 'suffixes';
				options.failureRule = { ...rule, [key]: [...(rule[key] ?? []), digits] };
				break;
			}
			case '--https':
				options.https = true;
				break;
			case '--no-control':
				options.control = false;
				break;
			case '--help':
			case '-h':
				process.stdout.write(`${USAGE}\n`);
				process.exit(0);
			default:
				fail(`Unknown option ${argv[i]}`);
		}
	}
	options.accounts = accounts.length > 0 ? accounts : [{ ...DEMO_ACCOUNT, password }];
	return options;
}

async function main(): Promise<void> {
	const options = parse(process.argv.slice(2));
	const sim = await startSimulator(options);
	const account = sim.account;
	const lines = [
		`Mobset SDK3 simulator listening on ${sim.url}`,
		`Demo account: CorpID ${account.corpId}, LoginName ${account.loginName}, password ${account.password}`,
	];
	for (const extra of sim.accounts().slice(1)) {
		lines.push(`Account: CorpID ${extra.corpId}, LoginName ${extra.loginName}, password ${extra.password}`);
	}
	if (options.control !== false) lines.push(`Control interface: ${sim.origin}/_sim/state`);
	if (options.initialReports) lines.push(`Queued ${options.initialReports} reports`);
	if (options.feedPerMinute) lines.push(`Feeding ${options.feedPerMinute} reports per minute`);
	if (options.failureRule) lines.push(`Failing sent numbers: ${JSON.stringify(options.failureRule)}`);
	if (sim.certificate) lines.push('Self-signed certificate (trust it as a CA for this run):', sim.certificate.trim());
	process.stdout.write(`${lines.join('\n')}\n`);

	const stop = () => {
		sim.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(`Simulator failed to start: ${error?.message ?? error}\n`);
	process.exit(1);
});
