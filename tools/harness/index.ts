// The test harness: this package's nodes run through n8n's real engine (n8n-core 2.41), one module
// per entry point around one workflow builder (workflow.ts):
// - runNode.ts: a regular node executes inside `WorkflowExecute`;
// - poll.ts: a trigger polls with a real `PollContext`;
// - testCredential.ts: a credential is tested through `RoutingNode` as the Test button does.
export { runNode, type OnError, type RunNodeOptions, type RunNodeResult } from './runNode';
export { createPoller, outcomeRun, pollTrigger, type DonePromise, type Poller, type PollerOptions, type PollResult } from './poll';
export { testCredential, type TestCredentialOptions, type TestCredentialResult } from './testCredential';
export { capturedLogs, nodeTypeName, PACKAGE_NAME, type AnyNodeType, type NodeUnderTestOptions } from './workflow';
export { startCaptureServer, type CaptureServer, type CapturedRequest } from './captureServer';
export { TestCredentialsHelper, type SignedRequest } from './credentialsHelper';
export { logText, type LogLine } from './logCapture';
