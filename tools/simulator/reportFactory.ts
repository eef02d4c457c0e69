import { Prng } from './prng';
import { beijingDateTime } from './time';
import type { RawReply, RawReport } from './types';

/**
 * Operator receipt codes per platform status. 12/13 follow the provider page and common Chinese
 * operator codes; the texts for the rarer statuses are invented stand-ins (no SDK3 table exists),
 * chosen so a client sees a non-empty, non-DELIVRD value it must store verbatim.
 */
const EX_STATUS: Record<string, readonly string[]> = {
	'0': ['SUBMIT'],
	'1': ['AUDITING'],
	'2': ['MK:0005'],
	'3': ['MK:0010'],
	'4': ['MB:0008'],
	'5': ['DB:0108'],
	'6': ['MI:0013'],
	'7': ['REJECTD'],
	'10': ['SENDOK'],
	'11': ['MN:0001'],
	'12': ['DELIVRD'],
	'13': ['UNDELIV', 'UNDELIV', 'EXPIRED', 'REJECTD', 'MK:0001', 'MA:0001', 'DB:0108', 'UNKNOWN', 'DELETED'],
	'15': ['UNKNOWN'],
};

/** The full status table of the protocol; 12/13 dominate as on the real service. */
const ALL_STATUS_WEIGHTS = (deliveredRatio: number): Record<string, number> => {
	const rare = 0.08;
	const final = 1 - rare;
	const weights: Record<string, number> = {
		'12': final * deliveredRatio,
		'13': final * (1 - deliveredRatio),
	};
	const others = ['0', '1', '2', '3', '4', '5', '6', '7', '10', '11', '15'];
	for (const status of others) weights[status] = rare / others.length;
	return weights;
};

/** The long number replies are sent to; one per simulator keeps replies easy to recognise. */
const SERVICE_NUMBER = '1069009512345';

export const KNOWN_STATUSES = Object.keys(EX_STATUS);

export interface OutcomeOptions {
	deliveredRatio: number;
	allStatuses?: boolean;
	statusWeights?: Record<string, number>;
}

export class ReportFactory {
	constructor(private readonly prng: Prng) {}

	status(options: OutcomeOptions): string {
		if (options.statusWeights) return this.prng.weighted(options.statusWeights);
		if (options.allStatuses) return this.prng.weighted(ALL_STATUS_WEIGHTS(options.deliveredRatio));
		return this.prng.next() < options.deliveredRatio ? '12' : '13';
	}

	exStatus(status: string): string {
		return this.prng.pick(EX_STATUS[status] ?? ['UNKNOWN']);
	}

	phoneNumber(): string {
		const prefixes = ['135', '136', '138', '139', '150', '158', '186', '188', '189', '177', '199'];
		return this.prng.pick(prefixes) + String(this.prng.int(1e8)).padStart(8, '0');
	}

	report(smsId: string, phoneNumber: string, visibleAt: number, outcome: OutcomeOptions): RawReport {
		const status = this.status(outcome);
		return {
			smsId,
			status,
			reportTime: beijingDateTime(visibleAt),
			exStatus: this.exStatus(status),
			phoneNumber,
			visibleAt,
		};
	}

	reply(phoneNumber: string, visibleAt: number): RawReply {
		const texts = ['TD', '退订', '好的', '收到,谢谢', '1', 'N', '已收到'];
		return {
			phoneNumber,
			recvNumber: SERVICE_NUMBER,
			addNum: '',
			recvTime: beijingDateTime(visibleAt),
			content: this.prng.pick(texts),
			visibleAt,
		};
	}
}
