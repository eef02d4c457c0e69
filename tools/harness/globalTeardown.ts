// Jest `globalTeardown`: removes the temporary n8n user folders made for this run.
import { rmSync } from 'node:fs';

import { TEST_TMP_ENV } from './globalSetup';

export default function globalTeardown(): void {
	const root = process.env[TEST_TMP_ENV];
	if (root) rmSync(root, { recursive: true, force: true });
}
