package io.github.wecom4j.http;

import java.util.regex.Pattern;

/**
 * Removes credentials from anything that may reach a log or an error message.
 * WeCom puts {@code access_token} and {@code corpsecret} in the query string, so every URL is
 * suspect.
 */
public final class Redaction {

    private static final Pattern SECRET_PARAMS = Pattern.compile(
            "(?i)(?<![a-z_])(access_token|corpsecret|secret|ticket|code|user_ticket|jsapi_ticket)=([^&#\\s\"]*)");

    private Redaction() {
    }

    /** The text with the values of credential-bearing query parameters replaced by {@code ***}. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        return SECRET_PARAMS.matcher(text).replaceAll("$1=***");
    }

    /** A short, non-reversible label for a secret, enough to tell two secrets apart in a log. */
    public static String fingerprint(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "<empty>";
        }
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(d, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
