package io.github.wecom4j.gateway.callback.push;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The signature on every push to a consumer (docs/callbacks.md, "Verifying a push"):
 * {@code X-WeCom4j-Signature: v1=hex(HMAC-SHA256(secret, timestamp + "." + eventId + "." + body))}
 * with {@code X-WeCom4j-Timestamp} in Unix seconds and {@code X-WeCom4j-Event-Id} the callback's
 * id. Signing the timestamp lets a consumer refuse a captured push replayed later (outside its
 * tolerance); signing the event id makes the header consumers drop repeats by trustworthy (an
 * unsigned id could be changed in transit to make a consumer drop a genuine event as a repeat, or
 * take a replay as new). Stripe's and Slack's scheme with the id added.
 */
public final class PushSignature {

    public static final String SIGNATURE_HEADER = "X-WeCom4j-Signature";
    public static final String TIMESTAMP_HEADER = "X-WeCom4j-Timestamp";
    public static final String EVENT_ID_HEADER = "X-WeCom4j-Event-Id";
    public static final String SUBSCRIPTION_HEADER = "X-WeCom4j-Subscription";
    static final String VERSION = "v1=";

    private PushSignature() {
    }

    /** The header value for this body of callback {@code eventId} sent at {@code timestampSeconds}. */
    public static String sign(String secret, long timestampSeconds, long eventId, byte[] body) {
        return VERSION + HexFormat.of().formatHex(mac(secret, timestampSeconds, eventId, body));
    }

    /**
     * What a consumer checks: the timestamp is within {@code tolerance} of {@code now} and the
     * signature over timestamp, event id and body matches (compared in constant time).
     */
    public static boolean verify(String secret, String timestampHeader, String eventIdHeader, String signatureHeader,
                                 byte[] body, Instant now, Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null || eventIdHeader == null || !signatureHeader.startsWith(VERSION)
                || !timestampHeader.matches("\\d{1,12}") || !eventIdHeader.matches("\\d{1,18}")) {
            return false;
        }
        long ts = Long.parseLong(timestampHeader);
        if (Math.abs(now.getEpochSecond() - ts) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = HexFormat.of().formatHex(mac(secret, ts, Long.parseLong(eventIdHeader), body))
                .getBytes(StandardCharsets.US_ASCII);
        byte[] presented = signatureHeader.substring(VERSION.length()).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented);
    }

    private static byte[] mac(String secret, long timestampSeconds, long eventId, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestampSeconds + "." + eventId + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
