-- The corp (and mode) a gateway database belongs to: one row, written by the first gateway that
-- starts on the database. A gateway configured for another corp, or an emulated gateway on a
-- real corp's data (or the reverse), refuses to start: one database never mixes corps.
create table gateway_database_owner (
    singleton  int          not null primary key check (singleton = 1),
    corp_id    varchar(64)  not null,
    mode       varchar(16)  not null,
    claimed_at bigint       not null
);
