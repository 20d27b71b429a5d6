import type { Runtime } from '../runtime/runtime';
import type { DocumentStore } from '../store/document-store';
import type { PiiCipher } from '../security/pii-cipher';
import { filingContextOf } from '../filing/filing-context';
import type { FaceVerifier } from './face-verifier.port';
import { localFaceVerifier } from './local-face-verifier';

/** What the identity service works with, built once per runtime. */
export interface IdentityContext {
  runtime: Runtime;
  /** The filing store (identity collections live beside filings and the inbox). */
  store: DocumentStore;
  cipher: PiiCipher;
  verifier: FaceVerifier;
}

const contexts = new WeakMap<Runtime, IdentityContext>();

/** Production installs the WeChat verifier here, after the filing store is installed. */
export function installIdentityContext(runtime: Runtime, verifier: FaceVerifier): IdentityContext {
  const filing = filingContextOf(runtime);
  const context = { runtime, store: filing.repo, cipher: filing.cipher, verifier };
  contexts.set(runtime, context);
  return context;
}

/** Locally (local cloud, tests, preview) the verifier keeps its sessions in the same store. */
export function identityContextOf(runtime: Runtime): IdentityContext {
  const existing = contexts.get(runtime);
  if (existing) return existing;
  if (runtime.kind !== 'local') throw new Error('identity context must be installed for the cloudbase runtime');
  return installIdentityContext(runtime, localFaceVerifier(filingContextOf(runtime).repo, runtime.clock));
}
