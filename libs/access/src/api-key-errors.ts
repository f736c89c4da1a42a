/** No API key has this id. */
export class UnknownApiKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`no API key ${keyId}`);
  }
}

/** Revoking this key would leave the ledger without an active admin key. */
export class LastAdminKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`key ${keyId} is the last active admin key; create another admin key before revoking it`);
  }
}
