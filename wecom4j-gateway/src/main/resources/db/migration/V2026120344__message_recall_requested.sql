-- A recall asked for while a call of the message was being sent: the call may go back to the
-- queue afterwards (a retry, a member's budget) and must then not be sent, and one that finishes
-- sending after the request is recalled at once. Epoch milliseconds, null: no recall asked for.
alter table message_outbox add column recall_requested_at bigint;
