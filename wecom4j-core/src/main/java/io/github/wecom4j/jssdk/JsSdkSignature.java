package io.github.wecom4j.jssdk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * WeCom's JS-SDK permission signature (doc 90506, appendix "JS-SDK使用权限签名算法"):
 * lower-case hex SHA-1 of {@code jsapi_ticket=T&noncestr=N&timestamp=S&url=U}.
 *
 * <ul>
 *   <li>keys lower case and in exactly this (ASCII) order; values not URL-encoded; nothing else;</li>
 *   <li>{@code url} is the page's full URL, scheme and query included, {@code #} and what follows
 *   removed: the WeCom client signs {@code location.href} without its fragment, so a fragment in
 *   the signed string can never match.</li>
 * </ul>
 */
public final class JsSdkSignature {

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /**
     * One SHA-1 digest per thread: signing runs on every page load, and
     * {@code MessageDigest.getInstance} (a provider lookup) per call cost about as much as the hash.
     */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support SHA-1", e);
        }
    });

    private JsSdkSignature() {
    }

    /** The signature for a page; {@code url} may still carry a fragment, it is removed first. */
    public static String sign(String ticket, String nonceStr, long timestamp, String url) {
        return sha1Hex(stringToSign(ticket, nonceStr, timestamp, withoutFragment(url)));
    }

    /** The exact string WeCom hashes ("string1" in the doc); {@code url} is used as given. */
    public static String stringToSign(String ticket, String nonceStr, long timestamp, String url) {
        return "jsapi_ticket=" + ticket + "&noncestr=" + nonceStr + "&timestamp=" + timestamp + "&url=" + url;
    }

    /** {@code url} up to, not including, its first {@code #}. */
    public static String withoutFragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }

    /** Lower-case hex of the SHA-1 of {@code text} in UTF-8. */
    static String sha1Hex(String text) {
        byte[] digest = SHA1.get().digest(text.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[2 * digest.length];
        for (int i = 0; i < digest.length; i++) {
            out[2 * i] = HEX_DIGITS[(digest[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX_DIGITS[digest[i] & 0xf];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
