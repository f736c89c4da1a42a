import { createHash, randomBytes } from 'node:crypto';

/** Recognisable in configuration, shell history and secret scanners: "privacy-ledger key". */
export const API_KEY_PREFIX = 'plk_';

/** A new API key: 256 random bits, base64url, behind the prefix. Shown once, never stored. */
export const generateApiKey = (): string => API_KEY_PREFIX + randomBytes(32).toString('base64url');

/** What the ledger keeps of a key: its SHA-256. A key has 256 bits of entropy, so no salt or slow hash is needed. */
export const hashApiKey = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/** Key ids name keys in listings, logs and the audit log; they grant nothing. */
export const generateKeyId = (): string => randomBytes(8).toString('hex');

export const KEY_ID_PATTERN = /^[0-9a-f]{16}$/;
