-- Races between the mirror's writers (issue "mirror-fixes"):
-- read_seq: a per-corp counter taken BEFORE each read from WeCom (a callback's user/get,
-- department/get or tag/get, a reconcile's pass). Every mirrored member, department and tag records the read_seq
-- of the read it came from, and a write whose read_seq is lower than the row's (or its
-- tombstone's) is dropped: the last state applied is the latest read, however two handlers of
-- events for one object (two instances, WeCom's retries) interleave.
ALTER TABLE directory_state ADD COLUMN read_seq BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE directory_member ADD COLUMN read_seq BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE directory_department ADD COLUMN read_seq BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE directory_tag ADD COLUMN read_seq BIGINT DEFAULT 0 NOT NULL;

-- The last on-demand reconcile (POST /api/directory/reconcile): its minimum interval holds across
-- the cluster because the claim is one conditional UPDATE of this row.
ALTER TABLE directory_state ADD COLUMN manual_reconcile_at TIMESTAMP WITH TIME ZONE;

-- A deleted member / department / tag (kind 'member', 'department', 'tag'), so a reconcile that read
-- it from WeCom before the delete never writes it back. Expired at the end of each reconcile
-- (deleted_at well before that pass began), so the table holds about one reconcile interval of deletes.
CREATE TABLE directory_tombstone (
    corp_id     VARCHAR(64) NOT NULL,
    kind        VARCHAR(16) NOT NULL,
    object_key  VARCHAR(64) NOT NULL,
    read_seq    BIGINT      NOT NULL,
    deleted_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (corp_id, kind, object_key)
);
CREATE INDEX directory_tombstone_age ON directory_tombstone (corp_id, deleted_at);
