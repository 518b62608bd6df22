package io.github.wecom4j.gateway.jssdk;

import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.gateway.wecom.GatewayMode;
import io.github.wecom4j.http.Redaction;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which page URLs the gateway signs for. A signature endpoint open to any URL would hand out
 * valid signatures for pages on other sites; WeCom itself only honours pages on the app's trusted
 * domains (errcode 80001), so the gateway refuses everything else up front.
 */
final class TrustedPages {

    private static final Pattern HOST = Pattern.compile("(?i)^https?://([^/?#@:\\s]+)(:\\d{1,5})?([/?#].*)?$");

    private final List<String> domains;
    private final boolean configured;

    TrustedPages(JsSdkProperties properties, GatewayMode mode) {
        List<String> configuredDomains = properties.getTrustedDomains().stream()
                .filter(d -> d != null && !d.isBlank()).map(d -> d.trim().toLowerCase(Locale.ROOT)).toList();
        this.configured = !configuredDomains.isEmpty();
        this.domains = configured ? configuredDomains : mode.emulated() ? List.of("localhost") : List.of();
    }

    List<String> domains() {
        return domains;
    }

    /** {@code url} if its host is a trusted domain; otherwise a validation error that says what to configure. */
    String require(String url) {
        if (url == null || url.isBlank()) {
            throw new WeComValidationException(40093, "query parameter 'url' is required: the page's location.href.split('#')[0]");
        }
        Matcher m = HOST.matcher(url.trim());
        if (!m.matches()) {
            throw new WeComValidationException(40093, "'url' must be the page's absolute http(s) URL, got '"
                    + Redaction.redact(abbreviate(url)) + "'");
        }
        String host = m.group(1).toLowerCase(Locale.ROOT);
        if (!domains.contains(host)) {
            String fix = configured || !domains.isEmpty()
                    ? "trusted domains are " + domains + " (wecom.jssdk.trusted-domains)"
                    : "no trusted domain is configured: set wecom.jssdk.trusted-domains to the app's 可信域名";
            throw new WeComValidationException(80001, "the gateway does not sign pages on '" + host + "': " + fix);
        }
        return url.trim();
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }
}
