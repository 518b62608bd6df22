package io.github.wecom4j.gateway.message;

import io.github.wecom4j.message.SendResult;

/** What happened to one call, as stored. */
record CallOutcome(String state, Integer errcode, String errmsg, SendResult result) {
}
