import { DelayedFifo } from '../../tools/simulator/fifo';

describe('DelayedFifo (the report queue)', () => {
	it('pops in insertion order, in batches, and never twice', () => {
		const q = new DelayedFifo<number>();
		for (let i = 0; i < 120; i++) q.push(i, 0, 0);
		expect(q.take(50, 0)).toEqual(Array.from({ length: 50 }, (_, i) => i));
		expect(q.take(50, 0)[0]).toBe(50);
		expect(q.take(50, 0)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
		expect(q.take(50, 0)).toEqual([]);
		expect(q.size).toBe(0);
	});

	it('peek leaves items in place', () => {
		const q = new DelayedFifo<string>();
		q.push('a', 0, 0);
		q.push('b', 0, 0);
		expect(q.peek(1, 0)).toEqual(['a']);
		expect(q.take(5, 0)).toEqual(['a', 'b']);
	});

	it('keeps delayed items back and releases them by visibility time, ties in insertion order', () => {
		const q = new DelayedFifo<string>();
		q.push('late', 300, 0);
		q.push('tieA', 200, 0);
		q.push('now', 0, 0);
		q.push('tieB', 200, 0);
		expect(q.size).toBe(4);
		expect(q.visibleCount(0)).toBe(1);
		expect(q.take(10, 199)).toEqual(['now']);
		expect(q.take(10, 250)).toEqual(['tieA', 'tieB']);
		expect(q.take(10, 1000)).toEqual(['late']);
	});

	// Speed belongs to the benchmarks; this proves a large queue drains whole and in order.
	it('drains 200,000 items in order, 50 at a time', () => {
		const q = new DelayedFifo<number>();
		for (let i = 0; i < 200_000; i++) q.push(i, 0, 0);
		let seen = 0;
		let last = -1;
		for (;;) {
			const batch = q.take(50, 0);
			if (batch.length === 0) break;
			expect(batch[0]).toBe(last + 1);
			last = batch[batch.length - 1];
			seen += batch.length;
		}
		expect(seen).toBe(200_000);
		expect(q.size).toBe(0);
	});
});
