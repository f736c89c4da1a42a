-- Up Migration

-- API keys (libs/access, PostgresApiKeyStore), shared by every ledger instance on this database.
-- Only the SHA-256 of a secret is kept: a key has 256 random bits, so no salt or slow hash is
-- needed. created_seq gives the order of creation, which a frozen clock (LEDGER_NOW) would not.
CREATE TABLE api_keys (
  key_id        text        PRIMARY KEY,
  created_seq   bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
  name          text        NOT NULL,
  role          text        NOT NULL,
  systems       text[]      NOT NULL,
  secret_sha256 bytea       NOT NULL,
  created_at    text        NOT NULL,
  revoked_at    text,
  CONSTRAINT api_keys_secret UNIQUE (secret_sha256),
  CONSTRAINT api_keys_role CHECK (role IN ('emitter', 'dpo', 'regulator', 'admin'))
);

-- Down Migration

DROP TABLE api_keys;
