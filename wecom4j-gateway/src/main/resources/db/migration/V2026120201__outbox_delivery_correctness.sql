-- Delivery correctness (docs/messages.md, "Delivery guarantee").

-- When the attempt under the current claim started (outbox clock, epoch ms); null when no attempt
-- of this claim has gone out. A claim taken over from a dead sender with this set may have been
-- delivered already.
alter table message_call add column attempt_started_at bigint;
-- Start of the first attempt whose outcome is unknown (a timeout after the request left, a sender
-- that died mid-send). Such a call is resent only inside WeCom's duplicate-check window counted
-- from here; after it the call is marked 'unknown' instead of risking a second copy.
alter table message_call add column in_doubt_since bigint;
-- The duplicate_check_interval in the stored body (seconds), 0 when the check is off.
-- Rows stored before this column existed were checked with at least 360 s (the former floor).
alter table message_call add column duplicate_check_seconds integer not null default 0;
update message_call set duplicate_check_seconds = 360 where body like '%"enable_duplicate_check":1%';
-- Failures of our own infrastructure (token store, database) that never reached WeCom: they do not
-- use up attempts, but space the retries out.
alter table message_call add column transient_failures integer not null default 0;
-- When WeCom answered with the msgid of another message's call: this call was absorbed by WeCom's
-- duplicate check as a copy of that message (state 'duplicate').
alter table message_call add column duplicate_of varchar(36);
create index message_call_msgid on message_call (agent_id, msgid);

-- Reservations belong to the call (and attempt) that made them, so they can be re-stamped with the
-- time WeCom accepted the message, or released when WeCom certainly did not deliver it.
alter table message_member_send add column call_id bigint;
-- WeCom userids are case-insensitive: ZhangSan and zhangsan share one budget.
update message_member_send set userid = lower(userid);
create index message_member_send_by_call on message_member_send (call_id, sent_at);
