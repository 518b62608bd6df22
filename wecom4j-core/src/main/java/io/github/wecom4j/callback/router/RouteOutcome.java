package io.github.wecom4j.callback.router;

import io.github.wecom4j.callback.event.CallbackEvent;

/**
 * What happened to one callback, and what to answer WeCom.
 *
 * @param event       the typed callback (null when it was refused before parsing)
 * @param httpStatus  200, or 500 to have WeCom retry (a handler failed), or 403 (a check failed)
 * @param body        the encrypted passive reply, or "" (WeCom wants an empty 200 when there is no reply)
 * @param handled     whether a route matched
 * @param note        why a reply was dropped or the call failed, for logs; never sent to WeCom
 */
public record RouteOutcome(CallbackEvent event, int httpStatus, String body, boolean handled, String note) {

    /** Answer 200 without reply. */
    static RouteOutcome ok(CallbackEvent event, boolean handled, String note) {
        return new RouteOutcome(event, 200, "", handled, note);
    }
}
