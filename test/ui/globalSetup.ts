// n8n (installed once into ~/.cache, ~6 minutes) and Chromium with CJK fonts (apt-get, ~2 minutes)
// before any test starts, so neither counts against a test's time-out.
import { ensureN8nRuntime } from '../../tools/n8n/runtime';
import { ensureBrowser } from '../../tools/ui/browser';

export default async function globalSetup(): Promise<void> {
	ensureBrowser();
	await ensureN8nRuntime();
}
