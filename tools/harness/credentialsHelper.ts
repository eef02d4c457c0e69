// The part of n8n's CLI `CredentialsHelper` that a node run needs, without a database: credentials
// are handed in as plain data, and every request is signed by the credential type's own
// `authenticate`, exactly as n8n does for `httpRequestWithAuthentication` and the Test button.
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestOptions,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { deepCopy, ICredentialsHelper, NodeHelpers, UnexpectedError } from 'n8n-workflow';

/** One request as it left `authenticate()`, i.e. as it went on the wire. */
export interface SignedRequest {
	credentialType: string;
	options: IHttpRequestOptions;
}

export class TestCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();

	private readonly data = new Map<string, ICredentialDataDecryptedObject>();

	/** Requests after signing, in order. */
	readonly signedRequests: SignedRequest[] = [];

	/** How often a node asked for decrypted credentials, by type. */
	readonly decryptCalls = new Map<string, number>();

	/**
	 * @param credentials each credential type with the data the user would have saved for it
	 *   (only the fields they filled in: defaults are applied as n8n applies them).
	 */
	constructor(credentials: Array<{ type: ICredentialType; data: ICredentialDataDecryptedObject }>) {
		super();
		for (const { type, data } of credentials) {
			this.types.set(type.name, type);
			this.data.set(type.name, data);
		}
	}

	getCredentialType(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new UnexpectedError(`Unknown credential type "${name}" in the test harness`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	/** As n8n's CLI: a function `authenticate` is called with the credentials and the request. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.getCredentialType(typeName);
		let signed = requestOptions as IHttpRequestOptions;
		if (typeof authenticate === 'function') {
			signed = await authenticate(credentials, requestOptions as IHttpRequestOptions);
		} else if (authenticate !== undefined) {
			throw new UnexpectedError('The test harness only supports credentials whose `authenticate` is a function');
		}
		this.signedRequests.push({ credentialType: typeName, options: deepCopy(signed) });
		return signed;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new UnexpectedError('Encrypted credentials are not available in the test harness');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.decryptCalls.set(type, (this.decryptCalls.get(type) ?? 0) + 1);
		const data = this.data.get(type);
		if (!data) throw new UnexpectedError(`No credentials of type "${type}" were given to the test harness`);
		return this.applyDefaults(type, data);
	}

	/**
	 * Fills in the defaults of fields the user left untouched, with the same call n8n's
	 * `CredentialsHelper.applyDefaultsAndOverwrites` makes (expressions in credential fields are not
	 * resolved here). A fresh copy each time, so a node cannot change the stored data.
	 */
	applyDefaults(type: string, data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
		return NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			deepCopy(data) as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.getCredentialType(type).properties;
	}
}
