-- POST /api/messages with an Idempotency-Key: the first answer per (corp, key), so a caller that
-- lost the answer (a timeout, a crash) can send again and get the same message id instead of a
-- second message. The primary key makes one of two concurrent requests with the same key win, on
-- one instance or many; rows older than the retention are swept (ClusterTasks).
create table message_idempotency (
    corp_id     varchar(64)  not null,
    idem_key    varchar(255) not null,
    body_sha256 varchar(64)  not null,
    message_id  varchar(36)  not null,
    response    text         not null,
    created_at  bigint       not null,
    constraint message_idempotency_pk primary key (corp_id, idem_key)
);
create index message_idempotency_created on message_idempotency (created_at);
