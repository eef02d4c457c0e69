/**
 * Small seeded PRNG (mulberry32). Math.random cannot be seeded, and soak tests need a run to be
 * repeatable from its seed alone.
 */
export class Prng {
	private state: number;

	constructor(seed: number) {
		// Mixing keeps nearby seeds (1, 2, 3) from starting on correlated streams.
		this.state = (Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ 0x6a09e667) >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Integer in [0, n). */
	int(n: number): number {
		return Math.floor(this.next() * n);
	}

	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)];
	}

	/** Picks a key with probability proportional to its weight. */
	weighted(weights: Record<string, number>): string {
		const entries = Object.entries(weights).filter(([, w]) => w > 0);
		const total = entries.reduce((sum, [, w]) => sum + w, 0);
		let roll = this.next() * total;
		for (const [key, weight] of entries) {
			roll -= weight;
			if (roll < 0) return key;
		}
		return entries[entries.length - 1][0];
	}
}

/** Derives independent streams from one seed so e.g. fault rolls do not shift report outcomes. */
export function streamSeed(seed: number, stream: number): number {
	return (Math.imul(seed >>> 0, 0x27d4eb2d) + Math.imul(stream, 0x165667b1)) >>> 0;
}
