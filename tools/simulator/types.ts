/**
 * Data shapes of the simulator's API (api.ts), shared by the server, the in-process API and the
 * HTTP control interface so that they cannot drift apart.
 */

export interface Account {
	corpId: string;
	loginName: string;
	password: string;
	/** Remaining message count (条) answered by SmsGetBalance; each send spends its segments. */
	balance?: number;
	/** Signature answered by SmsGetSign (default `短信易`). */
	sign?: string;
}

/** Picks an account for seeding; omitted means the first configured account. */
export type AccountRef = { corpId: string; loginName: string } | undefined;

/** One delivery report as the simulator holds it (rendered to the wire by `envelope.ts`). */
export interface RawReport {
	/** Numeric string; some values lie above 2^53 on purpose (clients must not use floats). */
	smsId: string;
	/** Platform status code: '12' delivered, '13' failed, others per the protocol's status table. */
	status: string;
	/** `YYYY-MM-DD HH:MM:SS`, Beijing time. */
	reportTime: string;
	/** Operator receipt code (`DELIVRD`, `UNDELIV`, ...). */
	exStatus: string;
	/** Recipient; rendered only with the `includePhoneNumber` switch (the provider page omits it). */
	phoneNumber: string;
	/** Epoch ms from which SmsGetReport may hand the report out. */
	visibleAt: number;
}

/** A seed spec may also carry a per-report delay instead of an absolute `visibleAt`. */
export type ReportSpec = Partial<RawReport> & { delayMs?: number };

/** One inbound reply (上行) as the simulator holds it. */
export interface RawReply {
	phoneNumber: string;
	recvNumber: string;
	addNum: string;
	/** `YYYY-MM-DD HH:MM:SS`, Beijing time. */
	recvTime: string;
	content: string;
	visibleAt: number;
}

export type ReplySpec = Partial<RawReply> & { delayMs?: number };

export interface SeedOptions {
	account?: AccountRef;
	/** Delay before the seeded items become visible (default 0: immediately). */
	delayMs?: number;
	/** Share of generated reports that are delivered (Status 12); default the `deliveredRatio` switch. */
	deliveredRatio?: number;
	/** Also generate the non-final/rare statuses (0,1,2..7,10,11,15) besides 12/13. */
	allStatuses?: boolean;
	/** Explicit relative weights per status code; overrides `deliveredRatio`/`allStatuses`. */
	statusWeights?: Record<string, number>;
}

/** Which sent numbers end failed (Status 13); when a rule is set, every other number is delivered. */
export interface FailureRule {
	/** These numbers fail (compared without a `+86`/`86` prefix). */
	numbers?: string[];
	/** Numbers ending in any of these fail (e.g. `['0']`: one number in ten). */
	suffixes?: string[];
	/** Operator code of the failed reports (default `UNDELIV`). */
	exStatus?: string;
}

/** Review state of a template: '0' pending, '1' approved, '2' rejected (codes invented, see README). */
export type TemplateStatus = '0' | '1' | '2';

/** One SMS template as the simulator holds it. */
export interface RawTemplate {
	templateId: string;
	/** '1' notification, '2' marketing (TemplateAdd's TemplateType). */
	templateType: string;
	templateName: string;
	/** Text with placeholders `{1}`..`{9}`. */
	templateContent: string;
	remark: string;
	status: TemplateStatus;
	/** `YYYY-MM-DD HH:MM:SS`, Beijing time. */
	createTime: string;
}

export type TemplateSpec = Partial<RawTemplate> & Pick<RawTemplate, 'templateContent'>;

/** One accepted send call (SmsSend or TemplateSendSms), as the counters list it. */
export interface SendRecord {
	method: 'SmsSend' | 'TemplateSendSms';
	/** `corpId/loginName` of the sending account. */
	account: string;
	/** Numbers as the call gave them, in order (one SmsId each). */
	numbers: string[];
	smsIds: string[];
	/** The text sent: Content, or the template with its parameters filled in. */
	content: string;
	/** Segments charged per number. */
	segments: number;
	/** Whether LongSms was on (SmsSend; template sends are always long). */
	longSms: boolean;
	/** Scheduled time as sent (`YYYY-MM-DD HH:MM:SS`), when there was one. */
	timer?: string;
	addNum?: string;
	templateId?: string;
	/** Template parameters by number: `params['1']` fills `{1}`. */
	params?: Record<string, string>;
	/** The answer never reached the client (a dropAfterDequeue/truncatedJson/trickle fault). */
	answerLost: boolean;
}

export type ReplySeedOptions = Pick<SeedOptions, 'account' | 'delayMs'>;

export type EmptyDetails = 'array' | 'missing' | 'null' | 'emptyString';

/** Response-shape switches: each mirrors a variant the real service (or its docs) is seen to use. */
export interface Switches {
	/** Emit `code` instead of `Code` (the provider's own SmsGetReport example does). */
	lowerCaseCode: boolean;
	/** Emit Code as a JSON number (`1`) instead of a string (`"1"`). */
	numericCode: boolean;
	/** How `Details` is rendered when there is nothing to return. */
	emptyDetails: EmptyDetails;
	/**
	 * Key of the message id in report items and send answers: the provider page writes `SmsId`,
	 * older generations `SmsID`.
	 */
	smsIdKey: 'SmsId' | 'SmsID';
	/** Key of the phone number in send answers, replies and reports: SDK3 style or the SOAP `Mobile`. */
	phoneKey: 'PhoneNumber' | 'Mobile';
	/** Every key in lower case (`code`, `message`, `details`, `smsid`...), beyond `lowerCaseCode`. */
	lowerCaseKeys: boolean;
	/**
	 * Where single-record answers (SmsGetBalance, SmsGetSign, TemplateAdd, TemplateQuery) put their
	 * fields: beside Code in the envelope, or as the one item of Details.
	 */
	recordPlacement: 'envelope' | 'details';
	/**
	 * A send whose numbers the balance covers only in part: refused whole (-4, nothing sent), or
	 * `sendWhatFits`, as the legacy API did: the first numbers that fit are sent and the answer is
	 * Code -4 with their Details.
	 */
	noBalance: 'refuseAll' | 'sendWhatFits';
	/** Review state TemplateAdd gives new templates ('1' approved, so they can be used at once). */
	newTemplateStatus: TemplateStatus;
	/** Emit SmsId as a bare JSON number: values above 2^53 then break float-based parsers. */
	numericSmsId: boolean;
	/** Emit Status as a JSON number. */
	numericStatus: boolean;
	/** Append `PhoneNumber` to report items (after the four documented keys). */
	includePhoneNumber: boolean;
	/** Content-Type of SDK3 answers; the real header is undocumented. */
	contentType: string;
	/** Accept `corpid`, `METHODS`, ... Off by default so a client's misspelt field names fail here. */
	caseInsensitiveFieldNames: boolean;
	/** Most items per SmsGetReport/SmsGetRecv call (provider page: 50). */
	maxPerCall: number;
	/** Shifts the simulator's idea of "now" (for TimeStamp checks and report times). */
	clockOffsetMs: number;
	/** Minimum delay between a send (or its TimerSend/Timer time) and its report becoming visible. */
	reportDelayMs: number;
	/** Random extra delay on top of `reportDelayMs`, uniform in [0, jitter]. */
	reportDelayJitterMs: number;
	/** Share of sent/seeded reports that end delivered, when no failure rule is set. */
	deliveredRatio: number;
	/** Chance that each SmsSend recipient also sends an inbound reply. */
	replyRatio: number;
}

export type FaultKind =
	| 'http500'
	| 'html502'
	| 'truncatedJson'
	| 'reset'
	| 'stall'
	| 'trickle'
	| 'dropAfterDequeue'
	| 'authFailure'
	| 'clockSkew'
	| 'respond'
	| 'random';

export interface FaultSpec {
	kind: FaultKind;
	/** How many calls it fires on; default 1, or unlimited when `probability` is given. */
	count?: number | 'forever';
	/** `Methods` value it applies to, `'*'` for any call to /SDK3/Sms; default `'SmsGetReport'`. */
	method?: string;
	/** Let this many matching calls through untouched before the fault starts firing (default 0). */
	afterCalls?: number;
	/** Fire on each matching call with this chance (seeded PRNG); unset = always. */
	probability?: number;
	/** Seed of this fault's own PRNG (probability rolls and `random` picks). */
	seed?: number;
	/** stall: how long to hold before destroying the socket; unset = until the client gives up. */
	ms?: number;
	/** trickle: milliseconds between two chunks of the answer (default 200). */
	intervalMs?: number;
	/** trickle: bytes per chunk (default 1). */
	chunkBytes?: number;
	/** truncatedJson: share of the body that is sent, 0..1 (default 0.5). */
	fraction?: number;
	/** respond: HTTP status (default 200). */
	status?: number;
	/** respond: headers (default Content-Type application/json; charset=utf-8). */
	headers?: Record<string, string>;
	/**
	 * respond: body; objects are JSON-encoded. `{{request}}` in the body or a header value is replaced
	 * by the request's form body as received, as a service or proxy that echoes the request would.
	 */
	body?: string | object;
	/** respond: body bytes given as base64 (for non-UTF-8 payloads); wins over `body`. */
	bodyBase64?: string;
	/** respond: pad a valid JSON envelope to exactly this many bytes (for multi-MB answers). */
	bodySize?: number;
	/** random: the kinds to pick from (default: every kind except respond/random). */
	kinds?: FaultKind[];
}

export interface Counters {
	/** HTTP requests other than the control interface (SDK3 calls plus 404s). */
	requests: number;
	/** SDK3 requests by their `Methods` value (`(none)` when absent). */
	requestsByMethod: Record<string, number>;
	/** SDK3 requests by HTTP verb. */
	requestsByHttpMethod: Record<string, number>;
	/** Requests to the `/_sim/` control interface. */
	controlRequests: number;
	/** TCP connections accepted (every `connection` event, control interface included). */
	connections: number;
	/** Report ids handed out by SmsGetReport, in order (includes the dropped ones). */
	dequeuedIds: string[];
	/** Number of reports dequeued (kept even when id tracking is off). */
	dequeued: number;
	/** Report ids dequeued by a `dropAfterDequeue` fault: lost for good. */
	droppedInFlightIds: string[];
	/** Replies handed out by SmsGetRecv (dropped ones included). */
	recvDequeued: number;
	/** Replies dequeued by a `dropAfterDequeue` fault. */
	recvDroppedInFlight: number;
	/** Phone numbers accepted by SmsSend. */
	sent: number;
	/** Phone numbers accepted by TemplateSendSms. */
	templateSent: number;
	/** Phone numbers accepted by either send (each one a message and one report). */
	accepted: number;
	/** Segments charged to balances by sends. */
	segmentsCharged: number;
	/** Accepted send calls, in order (empty when ids are not tracked). */
	sends: SendRecord[];
	/** Negative answers by Code (`{"-10": 2}`), whatever the method. */
	refusedByCode: Record<string, number>;
	/** Balance of each account, keyed `corpId/loginName`. */
	balances: Record<string, number>;
	/** Templates held now across accounts. */
	templates: number;
	faultsFired: Record<string, number>;
	/** Reports held now across accounts, visible or still pending. */
	queued: number;
	/** Of `queued`, those already visible. */
	queuedVisible: number;
	/** Replies held now across accounts. */
	recvQueued: number;
	/** SDK3 calls received and not yet answered (or abandoned) right now. */
	callsInProgress: number;
	/** The most SDK3 calls ever in progress at once: proof that a client really overlapped its calls. */
	maxConcurrentCalls: number;
}
