package io.github.wecom4j.gateway.message;

import java.time.Duration;
import java.time.Instant;

/**
 * A claimed {@code message_call} row: what a sender needs to send it.
 *
 * @param claimToken            who holds the claim; every state change is conditional on it
 * @param inDoubtSince          start of the first attempt that may have been delivered without an
 *                              answer saying so (outbox clock), or null
 * @param duplicateCheckSeconds the body's {@code duplicate_check_interval}, 0 when the check is off
 * @param transientFailures     failures of our own infrastructure so far (never reached WeCom)
 */
record CallRow(long id, String messageId, int seq, int agentId, String body, String userids, int attempts,
              String claimToken, Instant inDoubtSince, int duplicateCheckSeconds, int transientFailures) {

    boolean inDoubt() {
        return inDoubtSince != null;
    }

    /**
     * Whether a resend started at {@code now} still falls inside WeCom's duplicate-check window of
     * the first attempt that may have been delivered, with {@code margin} for the send's own time
     * and the distance between our clock and WeCom's. Without the check nothing may be resent.
     */
    boolean resendAbsorbedAt(Instant now, Duration margin) {
        return duplicateCheckSeconds > 0
                && now.plus(margin).isBefore(inDoubtSince.plusSeconds(duplicateCheckSeconds));
    }
}
