// Chromium for the browser check (`npm run test:ui`) and the README's screenshots: Debian's
// `chromium`, with `fonts-noto-cjk` so that Mobset's Chinese messages and 短信易 render as text, not
// boxes. Both are installed with apt-get when missing (CI runs as root on a fresh machine).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PACKAGES = ['chromium', 'fonts-noto-cjk'];

function say(line: string): void {
	process.stdout.write(`[browser] ${line}\n`);
}

function missingPackages(): string[] {
	return PACKAGES.filter((name) => {
		try {
			return !execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes(
				'install ok installed',
			);
		} catch {
			return true;
		}
	});
}

/** Installs Chromium and the CJK fonts when they are missing; an explicit CHROMIUM_PATH is trusted. */
export function ensureBrowser(): string {
	if (process.env.CHROMIUM_PATH) {
		if (!existsSync(CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH ${CHROMIUM_PATH} does not exist`);
		return CHROMIUM_PATH;
	}
	const missing = missingPackages();
	if (missing.length > 0) {
		const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
		if (process.getuid?.() !== 0) throw new Error(`Chromium and CJK fonts are needed: run "${command}" as root (or set CHROMIUM_PATH)`);
		say(`installing ${missing.join(', ')} with apt-get (about 2 minutes, once)`);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
		execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
	}
	if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing after installing ${PACKAGES.join(', ')}`);
	return CHROMIUM_PATH;
}

/**
 * A headless Chromium that only talks to what the page asks for: no background networking, updates,
 * sync or QUIC. `launch` (not a persistent context) gives it a fresh profile, removed on close.
 */
export async function launchChromium(): Promise<Browser> {
	return await chromium.launch({
		executablePath: ensureBrowser(),
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}
