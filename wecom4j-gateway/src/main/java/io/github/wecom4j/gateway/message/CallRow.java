package io.github.wecom4j.gateway.message;

/** A claimed {@code message_call} row: what a sender needs to send it. */
record CallRow(long id, String messageId, int seq, int agentId, String body, String userids, int attempts,
              String claimToken) {
}
