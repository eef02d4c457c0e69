// What "the password leaked" looks like: the password itself in any encoding a request, a URL or
// a log could give it, and its MD5 without the time stamp (a replayable stand-in for it). The
// SecretKey a request carries is MD5(CorpID + Password + TimeStamp): it differs for every request
// and is allowed on the wire, nowhere else is the password or a time-independent hash of it.
import { createHash } from 'node:crypto';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** Every spelling of `password` (and of its time-independent hashes) that counts as a leak. */
export function leakForms(password: string, corpId?: string): string[] {
	const forms = new Set<string>();
	// Very short test passwords ("x") would match anywhere; their hashes are still unique.
	if (password.length >= 6) {
		forms.add(password);
		forms.add(encodeURIComponent(password));
		forms.add(new URLSearchParams({ p: password }).toString().slice(2));
		forms.add(JSON.stringify(password).slice(1, -1));
		forms.add(Buffer.from(password, 'utf8').toString('base64'));
	}
	for (const hash of [md5(password), ...(corpId ? [md5(`${corpId}${password}`)] : [])]) {
		forms.add(hash);
		forms.add(hash.toUpperCase());
	}
	return [...forms];
}

/** The forms found in `text`, for a readable failure. */
export function leaksIn(text: string, forms: string[]): string[] {
	return forms.filter((form) => text.includes(form));
}
