-- One row per periodic task (directory reconcile, outbox housekeeping, ...): the instance that holds
-- the row until lock_until runs the task; the others skip it (ShedLock's JDBC schema).
create table shedlock (
    name       varchar(64)  not null primary key,
    lock_until timestamp    not null,
    locked_at  timestamp    not null,
    locked_by  varchar(255) not null
);
