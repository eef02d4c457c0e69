/**
 * FIFO with delayed visibility. Items wait in a min-heap keyed by the time they become visible and
 * move into a plain FIFO once due, so pops stay O(1) amortised (no Array.shift on 100k items) and
 * items with different delays still come out in the order they became visible.
 */
interface Pending<T> {
	at: number;
	seq: number;
	item: T;
}

export class DelayedFifo<T> {
	private ready: T[] = [];
	private head = 0;
	private heap: Pending<T>[] = [];
	private seq = 0;

	get size(): number {
		return this.ready.length - this.head + this.heap.length;
	}

	/** Items visible at `now` (promotes due ones first). */
	visibleCount(now: number): number {
		this.promote(now);
		return this.ready.length - this.head;
	}

	push(item: T, visibleAt: number, now: number): void {
		if (visibleAt <= now && this.heap.length === 0) {
			this.ready.push(item);
			return;
		}
		this.heapPush({ at: visibleAt, seq: this.seq++, item });
	}

	/** Removes and returns up to `max` visible items, oldest first. */
	take(max: number, now: number): T[] {
		this.promote(now);
		const end = Math.min(this.ready.length, this.head + max);
		const out = this.ready.slice(this.head, end);
		this.head = end;
		this.compact();
		return out;
	}

	/** Like `take` but leaves the items queued (for faults that must not dequeue). */
	peek(max: number, now: number): T[] {
		this.promote(now);
		return this.ready.slice(this.head, Math.min(this.ready.length, this.head + max));
	}

	clear(): void {
		this.ready = [];
		this.head = 0;
		this.heap = [];
	}

	private compact(): void {
		// Drop the consumed prefix once it dominates, keeping memory proportional to what is queued.
		if (this.head === this.ready.length) {
			this.ready = [];
			this.head = 0;
		} else if (this.head > 4096 && this.head * 2 > this.ready.length) {
			this.ready = this.ready.slice(this.head);
			this.head = 0;
		}
	}

	private promote(now: number): void {
		const heap = this.heap;
		while (heap.length > 0 && heap[0].at <= now) {
			this.ready.push(this.heapPop().item);
		}
	}

	private less(a: Pending<T>, b: Pending<T>): boolean {
		return a.at < b.at || (a.at === b.at && a.seq < b.seq);
	}

	private heapPush(entry: Pending<T>): void {
		const heap = this.heap;
		heap.push(entry);
		let i = heap.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!this.less(heap[i], heap[parent])) break;
			[heap[i], heap[parent]] = [heap[parent], heap[i]];
			i = parent;
		}
	}

	private heapPop(): Pending<T> {
		const heap = this.heap;
		const top = heap[0];
		const last = heap.pop() as Pending<T>;
		if (heap.length > 0) {
			heap[0] = last;
			let i = 0;
			for (;;) {
				const left = 2 * i + 1;
				const right = left + 1;
				let smallest = i;
				if (left < heap.length && this.less(heap[left], heap[smallest])) smallest = left;
				if (right < heap.length && this.less(heap[right], heap[smallest])) smallest = right;
				if (smallest === i) break;
				[heap[i], heap[smallest]] = [heap[smallest], heap[i]];
				i = smallest;
			}
		}
		return top;
	}
}
