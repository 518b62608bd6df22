package io.github.wecom4j.gateway.login;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;

/**
 * Who the session belongs to: a member of the corp, as WeCom named them at login. Only ids and
 * display fields; never the code or the user_ticket.
 *
 * @param via   {@code oauth2} (inside the WeCom client) or {@code qr} (web QR code)
 * @param email only with scope snsapi_privateinfo and the member's consent; else null
 */
record LoggedInUser(String userId, String name, String via, int agentId, Instant since, String email)
        implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
}
