// CPU and memory of another process tree (a running n8n and its task runner), read from Linux's
// /proc. Peak memory is reset per measurement by writing 5 to clear_refs (Linux ≥ 4.0), so a
// peak belongs to one drain even though n8n keeps running between the warm-up and the drain.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** USER_HZ: /proc reports CPU time in ticks of 10 ms on every mainstream Linux build. */
const TICK_MS = 10;

interface Stat {
	pid: number;
	ppid: number;
	comm: string;
	cpuTicks: number;
}

function readStat(pid: number): Stat | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// comm is in parentheses and may hold spaces: split after the last ')'.
		const close = text.lastIndexOf(')');
		const comm = text.slice(text.indexOf('(') + 1, close);
		const fields = text.slice(close + 2).split(' ');
		// fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
		return { pid, comm, ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
	} catch {
		return undefined;
	}
}

export function processTree(root: number): number[] {
	const all: Stat[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		const stat = readStat(Number(name));
		if (stat) all.push(stat);
	}
	const tree = [root];
	for (let i = 0; i < tree.length; i++) {
		for (const stat of all) if (stat.ppid === tree[i]) tree.push(stat.pid);
	}
	return tree;
}

export function cpuMs(pid: number): number {
	return (readStat(pid)?.cpuTicks ?? 0) * TICK_MS;
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
	try {
		const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) : 0;
	} catch {
		return 0;
	}
}

export const peakRssMb = (pid: number) => statusKb(pid, 'VmHWM') / 1024;
export const rssMb = (pid: number) => statusKb(pid, 'VmRSS') / 1024;

/** Starts a new peak-RSS period for the process; false where the kernel or permissions refuse. */
export function resetPeak(pid: number): boolean {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

export function commandLine(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
	} catch {
		return '';
	}
}
