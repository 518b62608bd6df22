-- Callback push (docs/callbacks.md, "Push to internal consumers"): the claim's head query and the
-- retention job by index, and a lock row per corp for the subscription cap.

-- The head query: per corp, the unfinished rows (state) of each subscription, lowest event id first.
create index callback_delivery_corp_head on callback_delivery (corp_id, state, subscription_id, event_id);

-- Retention: delivered rows older than gateway.callbacks.push.retention are pruned.
create index callback_delivery_delivered on callback_delivery (corp_id, state, delivered_at);

-- One row per corp, locked (select ... for update) while a subscription is created, so concurrent
-- creates on any instance cannot both pass the max-subscriptions count.
create table callback_subscription_quota (
    corp_id  varchar(64) primary key
);
