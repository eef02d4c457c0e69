// n8n-core 2.41 brings its own copies of @n8n/di and @n8n/backend-common (nested under
// node_modules/n8n-core/node_modules), newer than the ones hoisted to the top of node_modules.
// Its services live in *its* DI container, so the harness must use those copies: the hoisted
// `Container` would be a different, empty one. Resolved from n8n-core's location so this keeps
// working if npm ever hoists them.
import type * as Di from '@n8n/di';
import type * as BackendCommon from '@n8n/backend-common';

const fromCore = (id: string): string => require.resolve(id, { paths: [require.resolve('n8n-core')] });

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { Container } = require(fromCore('@n8n/di')) as typeof Di;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { Logger } = require(fromCore('@n8n/backend-common')) as typeof BackendCommon;
