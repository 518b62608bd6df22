package io.github.wecom4j.callback.router;

import io.github.wecom4j.callback.event.CallbackEvent;

/**
 * Handles one typed callback. Return a {@link PassiveReply} to answer in the HTTP response, or
 * null for none. Throwing asks WeCom to deliver the same callback again (see {@link CallbackRouter}),
 * so a handler must be idempotent on {@link CallbackEvent#dedupeKey()}.
 */
@FunctionalInterface
public interface CallbackHandler<E extends CallbackEvent> {

    PassiveReply handle(E event) throws Exception;
}
