// The two services n8n's queue mode needs, from Debian's packages, each in a temporary folder of its
// own and listening on loopback only: PostgreSQL (n8n's database) and Redis (the job queue).
// Installed with apt-get when missing, so a fresh CI machine needs nothing beforehand.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { freePort } from '../n8n/ports';
import { log, run } from '../n8n/proc';

const PG_ROOT = '/usr/lib/postgresql';
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function postgresBin(): string | undefined {
	if (!existsSync(PG_ROOT)) return undefined;
	const versions = readdirSync(PG_ROOT)
		.filter((entry) => existsSync(path.join(PG_ROOT, entry, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length > 0 ? path.join(PG_ROOT, versions[0], 'bin') : undefined;
}

async function redisBin(): Promise<string | undefined> {
	for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (existsSync(candidate)) return candidate;
	return undefined;
}

/** apt-get install (through sudo when not root), with one `apt-get update` when the lists are stale. */
async function aptInstall(packages: string[]): Promise<void> {
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const aptGet = (args: string[], allowFailure = false) =>
		asRoot
			? run('apt-get', args, { env, allowFailure, timeoutMs: 10 * 60_000 })
			: run('sudo', ['-E', 'apt-get', ...args], { env, allowFailure, timeoutMs: 10 * 60_000 });
	const install = ['install', '-y', '--no-install-recommends', ...packages];
	log(`apt-get ${install.join(' ')}`);
	if ((await aptGet(install, true)).code === 0) return;
	await aptGet(['update']);
	await aptGet(install);
}

/** Installs PostgreSQL and Redis from Debian when they are not there yet. */
export async function ensureServicePackages(): Promise<{ postgresBin: string; redisServer: string }> {
	const missing: string[] = [];
	if (!postgresBin()) missing.push('postgresql');
	if (!(await redisBin())) missing.push('redis-server');
	if (missing.length > 0) await aptInstall(missing);
	const pg = postgresBin();
	const redis = await redisBin();
	if (!pg || !redis) throw new Error(`after apt-get install, ${!pg ? 'PostgreSQL' : 'redis-server'} is still missing`);
	return { postgresBin: pg, redisServer: redis };
}

/** PostgreSQL refuses to run as root: as root, its commands run as Debian's `postgres` user. */
const pgCommand = (command: string, args: string[]): [string, string[]] =>
	asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];

async function pgOwner(): Promise<{ uid: number; gid: number } | undefined> {
	if (!asRoot) return undefined;
	const { stdout } = await run('id', ['postgres']);
	const uid = Number(/uid=(\d+)/.exec(stdout)?.[1]);
	const gid = Number(/gid=(\d+)/.exec(stdout)?.[1]);
	return { uid, gid };
}

export interface Postgres {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	/** `DB_*` settings for every n8n process. */
	n8nEnv(): NodeJS.ProcessEnv;
	stop(): Promise<void>;
}

/** A PostgreSQL cluster of its own in a temporary folder, with a database and user for n8n. */
export async function startPostgres(bin: string): Promise<Postgres> {
	const root = await mkdtemp(path.join(tmpdir(), 'mobset-queue-pg-'));
	// mkdtemp makes the folder 700; the postgres user must be able to enter it.
	await chmod(root, 0o755);
	const dataDir = path.join(root, 'data');
	const socketDir = path.join(root, 'socket');
	await mkdir(dataDir, { mode: 0o700 });
	await mkdir(socketDir);
	const owner = await pgOwner();
	if (owner) {
		await chown(dataDir, owner.uid, owner.gid);
		await chown(socketDir, owner.uid, owner.gid);
		await chown(root, owner.uid, owner.gid);
	}
	const port = await freePort();
	const password = randomBytes(12).toString('hex');
	const logFile = path.join(root, 'postgres.log');

	await run(...pgCommand(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8']));
	const serverOptions = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
	await run(...pgCommand(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-o', serverOptions, '-l', logFile, '-w', '-t', '60', 'start']));
	const stop = async () => {
		await run(...pgCommand(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']), { allowFailure: true });
		await rm(root, { recursive: true, force: true });
	};
	try {
		const psql = async (sql: string) =>
			await run(...pgCommand(path.join(bin, 'psql'), ['-h', socketDir, '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql]));
		await psql(`CREATE USER n8n PASSWORD '${password}'`);
		await psql('CREATE DATABASE n8n OWNER n8n');
	} catch (error) {
		await stop();
		throw error;
	}
	log(`PostgreSQL on 127.0.0.1:${port} (${root})`);
	return {
		host: '127.0.0.1',
		port,
		database: 'n8n',
		user: 'n8n',
		password,
		n8nEnv: () => ({
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: password,
		}),
		stop,
	};
}

export interface Redis {
	port: number;
	/** `QUEUE_BULL_REDIS_*` settings for every n8n process. */
	n8nEnv(): NodeJS.ProcessEnv;
	stop(): Promise<void>;
}

/** A Redis of its own: loopback, no persistence, in a temporary folder. */
export async function startRedis(redisServer: string): Promise<Redis> {
	const dir = await mkdtemp(path.join(tmpdir(), 'mobset-queue-redis-'));
	const port = await freePort();
	const child: ChildProcess = spawn(
		redisServer,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', path.join(dir, 'redis.log')],
		{ stdio: 'ignore' },
	);
	const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		await Promise.race([exited, delay(10_000, undefined, { ref: false })]);
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		await rm(dir, { recursive: true, force: true });
	};
	// Ready once it answers PING.
	const deadline = Date.now() + 30_000;
	for (;;) {
		const ping = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { allowFailure: true }).catch(() => undefined);
		if (ping?.stdout.trim() === 'PONG') break;
		if (Date.now() > deadline || child.exitCode !== null) {
			await stop();
			throw new Error(`redis-server did not answer on 127.0.0.1:${port}`);
		}
		await delay(200);
	}
	log(`Redis on 127.0.0.1:${port}`);
	return {
		port,
		n8nEnv: () => ({ QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) }),
		stop,
	};
}
