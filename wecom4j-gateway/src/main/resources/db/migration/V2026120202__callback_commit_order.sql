-- Callback ids are handed out in commit order (docs/callbacks.md): the next id is taken from this
-- row under a row lock held until commit, so a row becomes visible only after every row with a
-- lower id, and a consumer paging with "id > last seen" can never skip one that commits late.
create table callback_event_sequence (
    id       integer primary key,
    last_id  bigint  not null
);
insert into callback_event_sequence (id, last_id) select 1, coalesce(max(id), 0) from callback_event;
