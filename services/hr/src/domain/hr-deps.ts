import type { KeyLike } from 'jose';
import type { HrRepositories, UnitOfWork } from '../data-access/hr-repositories';

/** Login throttling. */
export interface LockoutPolicy {
  maxFailedAttempts: number;
  lockoutSeconds: number;
}

/** Lifetimes of issued tokens. */
export interface TokenLifetimes {
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
}

/** The key that signs new tokens. */
export interface ActiveKey {
  kid: string;
  privateKey: KeyLike | Uint8Array;
}

/** Signing-key settings and this instance's copy of the active key. */
export interface SigningKeySettings {
  /** How long a retired key stays published: the access-token lifetime plus clock skew. */
  publishRetiredForMs: number;
  /** How long an instance keeps using its cached active key before looking again (picks up rotations by other instances). */
  cacheMs: number;
  /** The active key as last read, and until when it is used without looking again. */
  cached?: { key: ActiveKey; until: number };
}

/** What the hr use-cases work with: repositories outside any transaction, transactions, and identity settings. */
export interface HrDeps extends HrRepositories {
  transaction: UnitOfWork;
  lockout: LockoutPolicy;
  lifetimes: TokenLifetimes;
  keys: SigningKeySettings;
  /** Today's date (UTC, `YYYY-MM-DD`). */
  today(): string;
}
