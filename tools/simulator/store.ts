import { DelayedFifo } from './fifo';
import type { Account, RawReply, RawReport, RawTemplate } from './types';

const DEFAULT_BALANCE = 100000;

/** Per-account state: the report queue, the reply queue, the message balance and the templates. */
export interface Mailbox {
	account: Account;
	reports: DelayedFifo<RawReport>;
	replies: DelayedFifo<RawReply>;
	balance: number;
	/** By TemplateID, in creation order. */
	templates: Map<string, RawTemplate>;
}

/**
 * Accounts and their queues. Keyed by CorpID plus LoginName: the real service has no documented
 * notion of reports shared between logins, so each login gets its own queue.
 */
export class Store {
	private readonly boxes = new Map<string, Mailbox>();
	private readonly order: Mailbox[] = [];

	constructor(accounts: Account[]) {
		for (const account of accounts) this.add(account);
	}

	/**
	 * LoginName is matched case-insensitively: the provider's own samples write both `admin` and
	 * `Admin`, and the service runs on a stack whose string compares ignore case by default.
	 */
	static key(corpId: string, loginName: string): string {
		return `${corpId}\u0000${loginName.toLowerCase()}`;
	}

	add(account: Account): Mailbox {
		const key = Store.key(account.corpId, account.loginName);
		const existing = this.boxes.get(key);
		if (existing) {
			existing.account = { ...account };
			existing.balance = account.balance ?? DEFAULT_BALANCE;
			return existing;
		}
		const box: Mailbox = {
			account: { ...account },
			reports: new DelayedFifo<RawReport>(),
			replies: new DelayedFifo<RawReply>(),
			balance: account.balance ?? DEFAULT_BALANCE,
			templates: new Map(),
		};
		this.boxes.set(key, box);
		this.order.push(box);
		return box;
	}

	find(corpId: string, loginName: string): Mailbox | undefined {
		return this.boxes.get(Store.key(corpId, loginName));
	}

	/** The named account, or the first one when none is named. */
	resolve(ref?: { corpId: string; loginName: string }): Mailbox {
		const box = ref ? this.find(ref.corpId, ref.loginName) : this.order[0];
		if (!box) throw new Error(`Unknown simulator account ${ref?.corpId}/${ref?.loginName}`);
		return box;
	}

	accounts(): Account[] {
		return this.order.map((box) => ({ ...box.account, balance: box.balance }));
	}

	all(): readonly Mailbox[] {
		return this.order;
	}

	/** `corpId/loginName`: how counters name an account. */
	static label(box: Mailbox): string {
		return `${box.account.corpId}/${box.account.loginName}`;
	}

	/** Empties every queue and template list and restores configured balances. */
	clear(): void {
		for (const box of this.order) {
			box.reports.clear();
			box.replies.clear();
			box.templates.clear();
			box.balance = box.account.balance ?? DEFAULT_BALANCE;
		}
	}
}
