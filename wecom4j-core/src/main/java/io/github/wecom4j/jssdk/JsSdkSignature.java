package io.github.wecom4j.jssdk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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

    private static final HexFormat HEX = HexFormat.of();

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

    static String sha1Hex(String text) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HEX.formatHex(sha1.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support SHA-1", e);
        }
    }
}
