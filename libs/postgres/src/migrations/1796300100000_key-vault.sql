-- Up Migration

-- The key vault on PostgreSQL (libs/vault/src/postgres-key-vault.ts): the same tables as the
-- embedded vault.db, prefixed vault_. Wrapped keys and sealed names only; no personal value in
-- clear. A row's master_key_id names the master key that wraps it (master-key rotation).
CREATE TABLE vault_subjects (
  subject_id text PRIMARY KEY,
  created_at text NOT NULL
);
CREATE TABLE vault_subject_names (
  blind_index bytea PRIMARY KEY,
  subject_id  text  NOT NULL,
  system      text  NOT NULL,
  external_id bytea NOT NULL
);
CREATE INDEX vault_subject_names_by_subject ON vault_subject_names (subject_id);
CREATE TABLE vault_subject_keys (
  subject_id    text NOT NULL,
  key_group     text NOT NULL,
  wrapped       bytea,
  master_key_id text,
  shredded_at   text,
  PRIMARY KEY (subject_id, key_group),
  CONSTRAINT vault_subject_keys_wrapped_by CHECK ((wrapped IS NULL) = (master_key_id IS NULL))
);
-- Secrets derived from the first master key and kept wrapped here, so they outlive its rotation.
CREATE TABLE vault_secrets (
  purpose       text  PRIMARY KEY,
  master_key_id text  NOT NULL,
  wrapped       bytea NOT NULL
);
-- wrapping-key: the id of the master key new keys are wrapped with (a rotation moves it).
CREATE TABLE vault_settings (
  name  text PRIMARY KEY,
  value text NOT NULL
);
-- Where the vault stands against the log (the erasure pass's mark); restored with the vault.
CREATE TABLE vault_marks (
  name             text   PRIMARY KEY,
  commit_position  bigint NOT NULL,
  prepare_position bigint NOT NULL
);

-- Down Migration

DROP TABLE vault_marks;
DROP TABLE vault_settings;
DROP TABLE vault_secrets;
DROP TABLE vault_subject_keys;
DROP TABLE vault_subject_names;
DROP TABLE vault_subjects;
