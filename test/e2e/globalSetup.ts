// Installs (or finds) the cached n8n before any test starts, so the one-time ~6-minute install
// counts against no test's time-out and prints its progress lines up front.
import { log } from '../../tools/n8n/proc';
import { ensureN8nRuntime, n8nVersion } from '../../tools/n8n/runtime';

export default async function globalSetup(): Promise<void> {
	const runtime = await ensureN8nRuntime();
	log(`end-to-end check against n8n ${await n8nVersion(runtime)} on Node ${runtime.release.node}`);
}
