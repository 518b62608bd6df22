package io.github.wecom4j.emulator.corp;

import java.net.URI;
import java.util.Locale;

/**
 * Whether a URL is on an app's trusted domain (可信域名), the one rule for OAuth redirects and
 * JS-SDK pages: the host must equal the domain exactly (no parent domain, case-insensitive, doc
 * 90313 errcode 80001 / 50001), and so must the port (doc 91022: "exact match including port").
 * A domain without a port means the scheme's default port, so {@code localhost} does not trust
 * {@code localhost:8080}.
 */
public final class TrustedDomain {

    private TrustedDomain() {
    }

    public static boolean matches(String trustedDomain, URI url) {
        if (trustedDomain == null || url == null || url.getHost() == null
                || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            return false;
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        String domain = trustedDomain.toLowerCase(Locale.ROOT);
        int defaultPort = "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        int port = url.getPort() != -1 ? url.getPort() : defaultPort;
        int colon = domain.lastIndexOf(':');
        if (colon > 0 && domain.indexOf(']') < colon) {
            return host.equals(domain.substring(0, colon)) && String.valueOf(port).equals(domain.substring(colon + 1));
        }
        return host.equals(domain) && port == defaultPort;
    }
}
