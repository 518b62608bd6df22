package io.github.wecom4j.login;

import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.http.WeComHosts;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The URLs a browser is sent to so WeCom can tell the app who the user is. Pure string building,
 * no HTTP; every input is checked first because WeCom's answer to a bad one is an error page in
 * the user's browser, far away from the code that built the link.
 */
public final class LoginUrls {

    /** WeCom's old QR-login host ({@code qrConnect}, doc 91019); differs from the new login host. */
    static final URI LEGACY_QR_PRODUCTION = URI.create("https://open.work.weixin.qq.com");

    /** Doc 91022: state is {@code a-zA-Z0-9}, at most 128 bytes. */
    private static final Pattern OAUTH_STATE = Pattern.compile("[A-Za-z0-9]{0,128}");

    private final String corpId;
    private final int agentId;
    private final WeComHosts hosts;

    public LoginUrls(String corpId, int agentId, WeComHosts hosts) {
        this.corpId = Objects.requireNonNull(corpId, "corpId");
        this.agentId = agentId;
        this.hosts = Objects.requireNonNull(hosts, "hosts");
    }

    /**
     * The OAuth2 link to open inside the WeCom client (doc 91022):
     * {@code /connect/oauth2/authorize?appid&redirect_uri&response_type=code&scope&state&agentid#wechat_redirect}.
     * The {@code #wechat_redirect} fragment is what makes the client attach the identity.
     */
    public URI authorize(URI redirectUri, OAuthScope scope, String state) {
        Objects.requireNonNull(scope, "scope");
        String redirect = requireRedirectUri(redirectUri);
        String s = state == null ? "" : state;
        if (!OAUTH_STATE.matcher(s).matches()) {
            throw new WeComValidationException(40035,
                    "state must be at most 128 letters or digits (WeCom doc 91022), got " + s.length() + " characters");
        }
        return URI.create(hosts.oauth() + "/connect/oauth2/authorize?appid=" + enc(corpId)
                + "&redirect_uri=" + enc(redirect) + "&response_type=code&scope=" + scope.value()
                + "&state=" + s + "&agentid=" + agentId + "#wechat_redirect");
    }

    /**
     * The current web QR-code login page (doc 98152):
     * {@code https://login.work.weixin.qq.com/wwlogin/sso/login?login_type=CorpApp&appid&agentid&redirect_uri&state}.
     */
    public URI qrLogin(URI redirectUri, String state) {
        String redirect = requireRedirectUri(redirectUri);
        return URI.create(hosts.login() + "/wwlogin/sso/login?login_type=CorpApp&appid=" + enc(corpId)
                + "&agentid=" + agentId + "&redirect_uri=" + enc(redirect) + "&state=" + enc(qrState(state)));
    }

    /**
     * The older QR-code login page (doc 91019), still served for existing apps:
     * {@code https://open.work.weixin.qq.com/wwopen/sso/qrConnect?appid&agentid&redirect_uri&state}.
     * It lives on its own host; when the login host is overridden (emulator, proxy) the override is
     * used for this page too, since one stand-in serves both.
     */
    public URI legacyQrConnect(URI redirectUri, String state) {
        String redirect = requireRedirectUri(redirectUri);
        URI host = WeComHosts.PRODUCTION.login().equals(hosts.login()) ? LEGACY_QR_PRODUCTION : hosts.login();
        return URI.create(host + "/wwopen/sso/qrConnect?appid=" + enc(corpId) + "&agentid=" + agentId
                + "&redirect_uri=" + enc(redirect) + "&state=" + enc(qrState(state)));
    }

    /**
     * WeCom sends the browser back to this URI with {@code code} and {@code state} appended, after
     * checking its domain against the app's trusted domain. Anything but an absolute http(s) URL
     * with a host can never pass that check.
     */
    static String requireRedirectUri(URI redirectUri) {
        if (redirectUri == null) {
            throw new WeComValidationException(50001, "redirect_uri is required");
        }
        String scheme = redirectUri.getScheme();
        if (!redirectUri.isAbsolute() || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
                || redirectUri.getHost() == null || redirectUri.getHost().isEmpty()) {
            throw new WeComValidationException(50001,
                    "redirect_uri must be an absolute http(s) URL on the app's trusted domain, got '" + redirectUri + "'");
        }
        if (redirectUri.getRawUserInfo() != null) {
            throw new WeComValidationException(50001, "redirect_uri must not contain user info: '" + redirectUri.getHost() + "'");
        }
        return redirectUri.toString();
    }

    private static String qrState(String state) {
        String s = state == null ? "" : state;
        if (s.getBytes(StandardCharsets.UTF_8).length > 128) {
            throw new WeComValidationException(40035, "state must be at most 128 bytes");
        }
        return s;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
