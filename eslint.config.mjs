import { config as n8nConfig } from '@n8n/node-cli/eslint';
import tseslint from 'typescript-eslint';

// n8n's community-node rules are about what ships; they would misfire on test and tool code
// (no-console, node-description rules), so every n8n entry aimed at all TypeScript is narrowed
// to the shipped folders.
const SHIPPED_TS = ['nodes/**/*.ts', 'credentials/**/*.ts'];
const shipped = n8nConfig.map((entry) =>
	entry.files?.some((pattern) => pattern === '**/*.ts') ? { ...entry, files: SHIPPED_TS } : entry,
);

export default tseslint.config(
	{ ignores: ['build/**', 'node_modules/**'] },
	...shipped,
	{
		files: ['tools/**/*.ts', 'test/**/*.ts'],
		extends: [tseslint.configs.recommended],
	},
);
