// Installs (or finds) the cached n8n before any test starts, so the one-time ~6-minute install
// counts against no test's time-out and prints its progress lines up front.
import { ensureN8nRuntime } from '../../tools/n8n/runtime';

export default async function globalSetup(): Promise<void> {
	await ensureN8nRuntime();
}
