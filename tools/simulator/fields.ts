/**
 * Request fields: query string and form body merged, as real clients put parameters in either
 * (some send everything in the URL with an empty POST body). On conflict the body wins, and
 * within one source the last occurrence wins.
 */
export class Fields {
	private readonly exact = new Map<string, string>();
	private readonly folded = new Map<string, string>();

	constructor(sources: URLSearchParams[]) {
		for (const source of sources) {
			for (const [name, value] of source) {
				this.exact.set(name, value);
				this.folded.set(name.toLowerCase(), value);
			}
		}
	}

	get(name: string, caseInsensitive: boolean): string | undefined {
		return caseInsensitive ? this.folded.get(name.toLowerCase()) : this.exact.get(name);
	}

	/** Fields whose name matches `pattern` (test it case-insensitively to ignore case), in order. */
	matching(pattern: RegExp): [name: string, value: string][] {
		return [...this.exact].filter(([name]) => pattern.test(name));
	}

	toObject(): Record<string, string> {
		return Object.fromEntries(this.exact);
	}
}
