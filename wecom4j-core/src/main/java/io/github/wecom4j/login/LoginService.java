package io.github.wecom4j.login;

import io.github.wecom4j.WeComApi;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.error.WeComValidationException;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Login for one app: the links that send a user to WeCom (in-client OAuth2 or web QR code) and
 * the exchange of the {@code code} WeCom sends back for an identity. Uses the app's own token,
 * because WeCom checks the redirect domain against the trusted domain of the token's app.
 *
 * <pre>{@code
 * LoginService login = client.app(1000002).login();
 * URI go = login.urls().authorize(URI.create("https://app.example.com/login/callback"), OAuthScope.BASE, state);
 * // ... WeCom redirects to /login/callback?code=...&state=...
 * LoginIdentity who = login.identity(code);
 * }</pre>
 */
public final class LoginService {

    private final LoginUrls urls;
    private final WeComApi api;

    public LoginService(LoginUrls urls, WeComApi api) {
        this.urls = Objects.requireNonNull(urls);
        this.api = Objects.requireNonNull(api);
    }

    public LoginUrls urls() {
        return urls;
    }

    /** Shortcut for {@code urls().authorize(...)}. */
    public URI authorizeUrl(URI redirectUri, OAuthScope scope, String state) {
        return urls.authorize(redirectUri, scope, state);
    }

    /** Shortcut for {@code urls().qrLogin(...)}. */
    public URI qrLoginUrl(URI redirectUri, String state) {
        return urls.qrLogin(redirectUri, state);
    }

    /**
     * Who the {@code code} belongs to ({@code GET /cgi-bin/auth/getuserinfo}, doc 91023; the same
     * API serves codes from the QR login, doc 98177). A code works once and for 5 minutes: a
     * second exchange fails with 40029.
     *
     * @throws WeComValidationException 40029 for a blank code, before any call
     * @throws WeComException           WeCom's refusal (40029 invalid/used/expired code, 50001 domain)
     */
    public LoginIdentity identity(String code) {
        if (code == null || code.isBlank()) {
            throw new WeComValidationException(40029, "the login code is missing (WeCom appends ?code=... to the redirect_uri)");
        }
        // a code is valid once: a repeat after a lost answer would only be refused (40029) and blame the code
        JsonNode body = api.getOnce("/cgi-bin/auth/getuserinfo", Map.of("code", code));
        String userId = text(body, "userid");
        if (userId != null) {
            return new LoginIdentity.Member(userId, text(body, "user_ticket"));
        }
        String openId = text(body, "openid");
        if (openId != null) {
            return new LoginIdentity.NonMember(openId, text(body, "external_userid"));
        }
        throw new WeComException(WeComException.TRANSPORT_FAILURE,
                "auth/getuserinfo answered ok but with neither userid nor openid", "/cgi-bin/auth/getuserinfo");
    }

    /**
     * A member's sensitive fields from a {@code user_ticket}
     * ({@code POST /cgi-bin/auth/getuserdetail}, doc 95833): only with scope
     * {@code snsapi_privateinfo}; the ticket lives 1800 s.
     *
     * @throws WeComValidationException 84015 for a blank ticket, before any call
     * @throws WeComException           84014 ticket expired, 84015 ticket invalid
     */
    public UserDetail userDetail(String userTicket) {
        if (userTicket == null || userTicket.isBlank()) {
            throw new WeComValidationException(84015,
                    "user_ticket is missing: only a code from scope snsapi_privateinfo yields one");
        }
        JsonNode b = api.post("/cgi-bin/auth/getuserdetail", Map.of("user_ticket", userTicket));
        return new UserDetail(b.path("userid").asString(""), b.path("gender").asString("0"),
                b.path("avatar").asString(""), b.path("qr_code").asString(""), b.path("mobile").asString(""),
                b.path("email").asString(""), b.path("biz_mail").asString(""), b.path("address").asString(""));
    }

    /** Convenience: the detail of a member identity that carries a ticket. */
    public UserDetail userDetail(LoginIdentity.Member member) {
        return userDetail(member.userTicket());
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.path(field);
        if (!n.isString() || n.asString().isEmpty()) {
            return null;
        }
        return n.asString();
    }
}
