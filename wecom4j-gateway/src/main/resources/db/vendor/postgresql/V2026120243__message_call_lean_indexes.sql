-- PostgreSQL only (H2 has neither partial indexes nor HOT updates; it keeps the indexes it had).
--
-- Every call row is written five to six times (inserted queued, claimed, its lease renewed, its
-- attempt begun, sent), and every version that is not a HOT update adds an entry to each index of
-- the table. Measured with pg_stat_statements under intake with the senders on, these writes were
-- most of PostgreSQL's CPU per delivered call. Two changes cut them without changing a query:
--
-- 1. The due index holds only the calls a sender can still take (queued, or sending with a lease
--    that may run out). A sent, failed or unknown call leaves it: the index stays the size of the
--    backlog instead of the table's history, and the final update of every call writes one index
--    entry fewer. The claim's conditions (state = 'queued' / state = 'sending') imply the predicate.
-- 2. The msgid index holds only calls that have a msgid (WeCom's answer): a queued or sending call
--    adds no entry to it at insert or claim. Lookups by msgid (= or IN) imply msgid is not null.
-- 3. Pages keep a fifth free (fillfactor 80), so the updates that change no indexed column (lease
--    renewals, the attempt's start) can stay on their page as HOT updates with no index entry at all.
--    It applies to pages written from now on.
create index message_call_active on message_call (state, next_attempt_at, id) where state in ('queued', 'sending');
drop index message_call_due;
create index message_call_msgid_known on message_call (agent_id, msgid) where msgid is not null;
drop index message_call_msgid;
alter table message_call set (fillfactor = 80);
