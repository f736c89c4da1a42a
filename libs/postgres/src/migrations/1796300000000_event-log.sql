-- Up Migration

-- The event log of the PostgreSQL event store (libs/event-store/src/postgres). The same columns
-- as the embedded store's: data and metadata are the canonical JSON text the hash chain covers,
-- byte for byte, so they are text, not jsonb (which would reorder keys and reformat numbers).
-- Positions are given by the appender that holds the log's advisory lock, so position order is
-- commit order (docs/postgresql.md).
CREATE TABLE events (
  position    bigint  PRIMARY KEY,
  id          text    NOT NULL,
  stream      text    NOT NULL,
  revision    integer NOT NULL,
  type        text    NOT NULL,
  data        text    NOT NULL,
  metadata    text    NOT NULL,
  recorded_at text    NOT NULL,
  prev_hash   bytea,
  hash        bytea   NOT NULL,
  CONSTRAINT events_id UNIQUE (id),
  CONSTRAINT events_stream_revision UNIQUE (stream, revision),
  CONSTRAINT events_position_positive CHECK (position > 0),
  CONSTRAINT events_revision_natural CHECK (revision >= 0)
);

-- The log is append-only. Crypto-shredding never touches an event; the hash chain shows any
-- edit made around this guard (by an owner who disables it).
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the event log is append-only: % on events refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER events_no_update_or_delete BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();

-- Down Migration

DROP TABLE events;
DROP FUNCTION events_append_only();
