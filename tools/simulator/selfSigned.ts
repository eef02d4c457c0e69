import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'crypto';

/**
 * A throw-away self-signed certificate made with node:crypto only. Node can make key pairs but
 * not certificates, so the X.509 structure is DER-encoded here by hand (EC P-256, ECDSA-SHA256,
 * SAN localhost/127.0.0.1/::1). Enough for a dev simulator; not a general-purpose encoder.
 */

function length(n: number): Buffer {
	if (n < 0x80) return Buffer.from([n]);
	const bytes: number[] = [];
	for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
	return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, content: Buffer) => Buffer.concat([Buffer.from([tag]), length(content.length), content]);
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, content: Buffer) => tlv(0xa0 + n, content);
const octets = (content: Buffer) => tlv(0x04, content);
const bits = (content: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), content]));
const bool = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0]));

function integer(value: Buffer): Buffer {
	// DER integers are signed: a leading 1 bit needs a zero byte in front to stay positive.
	return tlv(0x02, value[0] & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value);
}

function oid(dotted: string): Buffer {
	const [a, b, ...rest] = dotted.split('.').map(Number);
	const out = [40 * a + b];
	for (const part of rest) {
		const chunk = [part & 0x7f];
		for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
		out.push(...chunk);
	}
	return tlv(0x06, Buffer.from(out));
}

function utcTime(date: Date): Buffer {
	const p = (n: number) => String(n).padStart(2, '0');
	const text =
		p(date.getUTCFullYear() % 100) +
		p(date.getUTCMonth() + 1) +
		p(date.getUTCDate()) +
		p(date.getUTCHours()) +
		p(date.getUTCMinutes()) +
		p(date.getUTCSeconds()) +
		'Z';
	return tlv(0x17, Buffer.from(text, 'ascii'));
}

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

export interface SelfSigned {
	key: string;
	cert: string;
}

export function selfSignedCertificate(commonName = 'Mobset SDK3 simulator'): SelfSigned {
	const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
	const name = seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
	const now = Date.now();
	const serial = randomBytes(16);
	// Positive and minimal in DER: a leading zero byte would be 'illegal padding' (1 run in 256).
	serial[0] = (serial[0] & 0x7f) | 0x40;
	const loopback6 = Buffer.alloc(16);
	loopback6[15] = 1;
	const extensions = seq(
		// subjectAltName: what TLS clients actually match the host against.
		seq(
			oid('2.5.29.17'),
			octets(seq(tlv(0x82, Buffer.from('localhost')), tlv(0x87, Buffer.from([127, 0, 0, 1])), tlv(0x87, loopback6))),
		),
		// basicConstraints: not a CA.
		seq(oid('2.5.29.19'), bool(true), octets(seq())),
		// extKeyUsage: serverAuth.
		seq(oid('2.5.29.37'), octets(seq(oid('1.3.6.1.5.5.7.3.1')))),
	);
	const tbs = seq(
		explicit(0, integer(Buffer.from([2]))),
		integer(serial),
		ECDSA_SHA256,
		name,
		seq(utcTime(new Date(now - 24 * 3600 * 1000)), utcTime(new Date(now + 365 * 24 * 3600 * 1000))),
		name,
		publicKey.export({ type: 'spki', format: 'der' }),
		explicit(3, extensions),
	);
	const signature = sign('sha256', tbs, privateKey);
	const der = seq(tbs, ECDSA_SHA256, bits(signature));
	const body = der.toString('base64').replace(/(.{64})/g, '$1\n');
	const cert = `-----BEGIN CERTIFICATE-----\n${body}${body.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`;
	// Fail at start-up, not in the first client, if the encoding were ever wrong.
	if (!new X509Certificate(cert).verify(publicKey)) throw new Error('self-signed certificate does not verify');
	return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, cert };
}
