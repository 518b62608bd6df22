package io.github.wecom4j.gateway.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.util.Optional;

/** Who is logged in on a request, for other parts of the gateway (never the code or ticket). */
public final class SessionMembers {

    private SessionMembers() {
    }

    /** The userid of the member logged in on this request's session, if any. */
    public static Optional<String> userId(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object user = session == null ? null : session.getAttribute(LoginController.USER);
        return user instanceof LoggedInUser u ? Optional.of(u.userId()) : Optional.empty();
    }
}
