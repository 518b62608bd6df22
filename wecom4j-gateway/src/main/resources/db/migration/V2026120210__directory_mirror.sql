-- The directory mirror: a local copy of one or more corps' WeCom directory (departments, members,
-- many-to-many memberships, tags). Every row carries its corp id; queries always filter by it.
-- last_confirmed_at: when WeCom last confirmed the row (full load, reconcile, or a re-read after a
-- change_contact callback); changed_at: when the gateway last wrote it for any reason. A reconcile
-- that started at T leaves rows changed at or after T alone (a callback was newer than its reads)
-- and deletes rows it neither saw nor anyone changed since T (a lost delete_* callback).
CREATE TABLE directory_state (
    corp_id            VARCHAR(64) PRIMARY KEY,
    loaded_at          TIMESTAMP WITH TIME ZONE,
    -- false when WeCom allowed ids only (contacts-sync secret from a new IP since 2022-08-15)
    details            BOOLEAN      DEFAULT FALSE NOT NULL,
    last_reconcile_at  TIMESTAMP WITH TIME ZONE,
    last_reconcile_ms  BIGINT,
    last_drift         INTEGER      DEFAULT 0 NOT NULL,
    last_drift_detail  VARCHAR(400),
    total_drift        BIGINT       DEFAULT 0 NOT NULL,
    last_error         VARCHAR(400),
    last_sync_at       TIMESTAMP WITH TIME ZONE,
    last_sync_summary  VARCHAR(400)
);

CREATE TABLE directory_department (
    corp_id            VARCHAR(64)  NOT NULL,
    id                 BIGINT       NOT NULL,
    name               VARCHAR(200) NOT NULL,
    name_en            VARCHAR(200) NOT NULL,
    parent_id          BIGINT       NOT NULL,
    sort_order         BIGINT       NOT NULL,
    leaders            TEXT         NOT NULL,
    last_confirmed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (corp_id, id)
);
CREATE INDEX directory_department_parent ON directory_department (corp_id, parent_id);

CREATE TABLE directory_member (
    corp_id            VARCHAR(64)  NOT NULL,
    user_id            VARCHAR(64)  NOT NULL,
    -- WeCom userids are unique case-insensitively; search and lookups use the lower-case form
    user_id_lower      VARCHAR(64)  NOT NULL,
    name               VARCHAR(200) NOT NULL,
    name_lower         VARCHAR(200) NOT NULL,
    alias              VARCHAR(200) NOT NULL,
    position           VARCHAR(400) NOT NULL,
    mobile             VARCHAR(64)  NOT NULL,
    email              VARCHAR(200) NOT NULL,
    biz_mail           VARCHAR(200) NOT NULL,
    gender             VARCHAR(4)   NOT NULL,
    telephone          VARCHAR(64)  NOT NULL,
    address            VARCHAR(400) NOT NULL,
    status             INTEGER      NOT NULL,
    main_department    BIGINT,
    direct_leaders     TEXT         NOT NULL,
    ext_attrs          TEXT         NOT NULL,
    external_position  VARCHAR(200) NOT NULL,
    -- false: only userid and departments are known (ids-only access, or a minimal callback)
    detailed           BOOLEAN      NOT NULL,
    last_confirmed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (corp_id, user_id)
);
CREATE INDEX directory_member_userid ON directory_member (corp_id, user_id_lower);
CREATE INDEX directory_member_name ON directory_member (corp_id, name_lower);

-- Many-to-many: a member's place in each department, in WeCom's order (position), with the
-- member's order there and whether they lead it (index-aligned arrays in WeCom's JSON).
CREATE TABLE directory_membership (
    corp_id            VARCHAR(64)  NOT NULL,
    user_id            VARCHAR(64)  NOT NULL,
    department_id      BIGINT       NOT NULL,
    position           INTEGER      NOT NULL,
    sort_order         BIGINT       NOT NULL,
    is_leader          BOOLEAN      NOT NULL,
    -- user/list_id confirms memberships one (member, department) row at a time
    last_confirmed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (corp_id, user_id, department_id)
);
CREATE INDEX directory_membership_department ON directory_membership (corp_id, department_id, user_id);

CREATE TABLE directory_tag (
    corp_id            VARCHAR(64)  NOT NULL,
    tag_id             INTEGER      NOT NULL,
    name               VARCHAR(200) NOT NULL,
    last_confirmed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (corp_id, tag_id)
);

CREATE TABLE directory_tag_member (
    corp_id            VARCHAR(64)  NOT NULL,
    tag_id             INTEGER      NOT NULL,
    user_id            VARCHAR(64)  NOT NULL,
    PRIMARY KEY (corp_id, tag_id, user_id)
);

CREATE TABLE directory_tag_department (
    corp_id            VARCHAR(64)  NOT NULL,
    tag_id             INTEGER      NOT NULL,
    department_id      BIGINT       NOT NULL,
    PRIMARY KEY (corp_id, tag_id, department_id)
);
