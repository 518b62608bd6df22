package io.github.wecom4j.gateway.callback.push;

/** A claimed delivery: one callback (event id) to push to one subscription, under a claim token. */
record Delivery(long id, String subscriptionId, long eventId, int attempts, long createdAt, String claimToken) {

    /** The same claim after {@link DeliveryQueue#beginAttempt} counted one more attempt. */
    Delivery attempted() {
        return new Delivery(id, subscriptionId, eventId, attempts + 1, createdAt, claimToken);
    }
}
