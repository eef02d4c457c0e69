import { X509Certificate } from 'crypto';
import { Agent } from 'undici';
import { getReport, useSimulator } from './helpers';

describe('simulator over HTTPS (self-signed, node built-ins only)', () => {
	const sim = useSimulator({ https: true, seed: 29 });

	it('serves https:// with a certificate for localhost/127.0.0.1 that verifies when trusted', async () => {
		expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/SDK3\/Sms$/);
		const cert = new X509Certificate(sim.certificate as string);
		expect(cert.subjectAltName).toContain('DNS:localhost');
		expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
		expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
		sim.seedReports(3);
		const agent = new Agent({ connect: { ca: sim.certificate } });
		try {
			expect((await getReport(sim, { dispatcher: agent })).json.Code).toBe('3');
		} finally {
			await agent.close();
		}
	});

	it('is rejected by a client that keeps default verification (self-signed)', async () => {
		const agent = new Agent();
		try {
			await expect(getReport(sim, { dispatcher: agent })).rejects.toThrow(/self[- ]signed|certificate/i);
		} finally {
			await agent.close();
		}
	});

	it('counts TLS connections like TCP ones', async () => {
		const agent = new Agent({ connect: { ca: sim.certificate }, connections: 1 });
		try {
			for (let i = 0; i < 3; i++) await getReport(sim, { dispatcher: agent });
		} finally {
			await agent.close();
		}
		expect(sim.counters().connections).toBe(1);
	});
});
