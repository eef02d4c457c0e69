import { Prng } from './prng';

/** Smallest odd integer above 2^53: no odd value up there survives a round trip through a double. */
const BIG_BASE = 9007199254740993n;

/**
 * Unique SmsIds from two disjoint, increasing families: ten-digit ones like the provider's example
 * (`1355555551`) and odd ones above 2^53, which a client that parses ids as numbers corrupts.
 * Monotonic families make uniqueness free: no set of issued ids to keep in memory.
 */
export class SmsIdGenerator {
	private small = 1355555551;
	private big = BIG_BASE;

	constructor(
		private readonly prng: Prng,
		private readonly bigShare = 0.3,
	) {}

	next(): string {
		if (this.prng.next() < this.bigShare) {
			// Even steps keep every big id odd.
			this.big += 2n * BigInt(1 + this.prng.int(500));
			return this.big.toString();
		}
		this.small += 1 + this.prng.int(20);
		return String(this.small);
	}
}
