-- Up Migration

-- The access audit log (apps/ledger audit, PostgresAccessAuditLog): who read which subject's
-- records, when, through which route, with the stated purpose sealed with the subject's identity
-- key (nothing here names a person in clear). Times are UTC ISO text, compared as text, like the
-- embedded log's. Entries are appended by a statement that holds the audit lock, so ids become
-- visible in order and a reader paging by id (`after`) never passes one that commits later.
CREATE TABLE subject_reads (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at             text   NOT NULL,
  key_id         text   NOT NULL,
  key_name       text   NOT NULL,
  role           text   NOT NULL,
  subject_id     text,
  system         text,
  outcome        text   NOT NULL,
  purpose_sealed text,
  route          text   NOT NULL,
  CONSTRAINT subject_reads_outcome CHECK (outcome IN ('disclosed', 'not-found'))
);
CREATE INDEX subject_reads_by_subject ON subject_reads (subject_id, id);
CREATE INDEX subject_reads_by_key ON subject_reads (key_id, id);
CREATE INDEX subject_reads_by_time ON subject_reads (at);

-- Append-only, as a record of disclosures must be: erasure removes a purpose by destroying the
-- subject's key, never by editing the log.
CREATE FUNCTION subject_reads_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the access audit log is append-only: % on subject_reads refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER subject_reads_no_update_or_delete BEFORE UPDATE OR DELETE ON subject_reads
  FOR EACH ROW EXECUTE FUNCTION subject_reads_append_only();
CREATE TRIGGER subject_reads_no_truncate BEFORE TRUNCATE ON subject_reads
  FOR EACH STATEMENT EXECUTE FUNCTION subject_reads_append_only();

-- Down Migration

DROP TABLE subject_reads;
DROP FUNCTION subject_reads_append_only();
