package io.github.wecom4j.emulator.corp;

/**
 * A self-built app: agentid, its secret, the trusted domain its OAuth redirects and JS-SDK pages
 * must be on, and an optional callback (URL, Token, EncodingAESKey).
 */
public record EmulatedApp(int agentId, String name, String secret, String trustedDomain, String callbackUrl,
                          String callbackToken, String encodingAesKey) {
    public EmulatedApp {
        if (agentId <= 0 || secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("an app needs a positive agentid and a secret");
        }
        name = name == null ? "app " + agentId : name;
        trustedDomain = trustedDomain == null ? "localhost" : trustedDomain;
    }
}
