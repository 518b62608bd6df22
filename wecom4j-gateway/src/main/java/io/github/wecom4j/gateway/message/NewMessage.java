package io.github.wecom4j.gateway.message;

import java.util.List;

/**
 * An accepted message ready to be stored: the caller's request and each of its calls, already
 * validated, split and written as the exact JSON body WeCom will get (done on the request's own
 * thread, so the shared batch transaction only writes).
 *
 * @param id        the message id returned to the caller
 * @param request   the caller's body as received
 * @param createdAt epoch milliseconds
 */
record NewMessage(String id, int agentId, String request, long createdAt, List<Call> calls) {

    /**
     * One message/send call.
     *
     * @param body                   the JSON sent, byte for byte the same on every attempt
     * @param userids                the named members, '|'-joined, for the per-member budget
     * @param duplicateCheckSeconds  the body's duplicate_check_interval, 0 when the check is off
     */
    record Call(String body, String userids, int duplicateCheckSeconds) {
    }
}
