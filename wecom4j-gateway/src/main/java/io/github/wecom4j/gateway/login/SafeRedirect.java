package io.github.wecom4j.gateway.login;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the browser may be sent after login: only a path on this gateway. Anything that a
 * browser could read as another origin is refused ({@code https://evil}, {@code //evil},
 * {@code /\evil}, which browsers treat like {@code //evil}, {@code javascript:}), so the login
 * can never be used as an open redirect (OWASP "Unvalidated Redirects and Forwards").
 */
final class SafeRedirect {

    static final String DEFAULT = "/login.html";

    private SafeRedirect() {
    }

    /** The path itself, or {@link #DEFAULT} when none is given; refuses anything else. */
    static String requireLocalPath(String next) {
        if (next == null || next.isEmpty()) {
            return DEFAULT;
        }
        if (next.length() > 1024) {
            throw refuse("is longer than 1024 characters");
        }
        if (!next.startsWith("/") || next.startsWith("//")) {
            throw refuse("must be a path on this site starting with a single '/'");
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                throw refuse("contains a backslash or a control character");
            }
        }
        try {
            URI uri = new URI(next);
            if (uri.getScheme() != null || uri.getRawAuthority() != null) {
                throw refuse("names another origin");
            }
        } catch (URISyntaxException e) {
            throw refuse("is not a valid URL path");
        }
        return next;
    }

    private static LoginRefusedException refuse(String why) {
        return LoginRefusedException.badRequest(40035, "the post-login redirect 'next' " + why
                + "; only same-origin relative paths are allowed (no open redirect)",
                "pass next=/some/page on this gateway / next 只能是本站的相对路径");
    }
}
