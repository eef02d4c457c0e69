import { X509Certificate } from 'crypto';

import { selfSignedCertificate } from '../../tools/simulator/selfSigned';

describe('the simulator\'s throw-away HTTPS certificate', () => {
	it('is valid DER every time (random serials included)', () => {
		for (let i = 0; i < 600; i++) {
			const { cert } = selfSignedCertificate();
			const parsed = new X509Certificate(cert);
			expect(parsed.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
			expect(parsed.subjectAltName).toContain('DNS:localhost');
		}
	});
});
