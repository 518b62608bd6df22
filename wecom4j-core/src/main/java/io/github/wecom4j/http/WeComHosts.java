package io.github.wecom4j.http;

import java.net.URI;
import java.util.Objects;

/**
 * The three WeCom hosts a self-built app talks to, each overridable so the emulator (or a proxy)
 * can stand in.
 *
 * @param api   server API, {@code https://qyapi.weixin.qq.com} ({@code /cgi-bin/...})
 * @param oauth OAuth2 authorize page opened inside the WeCom client, {@code https://open.weixin.qq.com}
 * @param login web QR-code login page, {@code https://login.work.weixin.qq.com}
 */
public record WeComHosts(URI api, URI oauth, URI login) {

    public static final WeComHosts PRODUCTION = new WeComHosts(
            URI.create("https://qyapi.weixin.qq.com"),
            URI.create("https://open.weixin.qq.com"),
            URI.create("https://login.work.weixin.qq.com"));

    public WeComHosts {
        api = normalize(api, "api");
        oauth = normalize(oauth, "oauth");
        login = normalize(login, "login");
    }

    /** All three hosts served by one server, as the emulator does. */
    public static WeComHosts allAt(URI base) {
        return new WeComHosts(base, base, base);
    }

    private static URI normalize(URI uri, String which) {
        Objects.requireNonNull(uri, which + " host");
        if (!uri.isAbsolute() || uri.getHost() == null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(which + " host must be an absolute http(s) URL: " + uri);
        }
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }
}
