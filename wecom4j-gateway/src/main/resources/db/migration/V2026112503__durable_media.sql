-- Media the gateway keeps so a media_id can always be produced: WeCom forgets uploads after 3 days
-- (doc 90253), so the content stays here and is uploaded again when its media_id runs out.
CREATE TABLE durable_media (
    id               VARCHAR(36)  PRIMARY KEY,
    kind             VARCHAR(10)  NOT NULL,
    filename         VARCHAR(255) NOT NULL,
    content          BYTEA        NOT NULL,
    media_id         VARCHAR(255),
    media_created_at TIMESTAMP WITH TIME ZONE,
    uploads          INTEGER      NOT NULL DEFAULT 0,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
