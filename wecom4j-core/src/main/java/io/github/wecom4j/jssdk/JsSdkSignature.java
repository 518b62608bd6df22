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
     * Per thread: a SHA-1 digest, and the UTF-8 bytes of {@code "jsapi_ticket=" + ticket +
     * "&noncestr="} for the last ticket seen. Signing runs on every page load with the same ticket
     * for two hours; {@code MessageDigest.getInstance} (a provider lookup) and re-encoding the
     * ticket on every call cost about as much as the hash.
     */
    private static final ThreadLocal<Signer> SIGNER = ThreadLocal.withInitial(Signer::new);

    private JsSdkSignature() {
    }

    /** The signature for a page; {@code url} may still carry a fragment, it is removed first. */
    public static String sign(String ticket, String nonceStr, long timestamp, String url) {
        return SIGNER.get().sign(ticket, nonceStr, timestamp, withoutFragment(url));
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
        return hex(SIGNER.get().sha1.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String hex(byte[] digest) {
        byte[] out = new byte[2 * digest.length];
        for (int i = 0; i < digest.length; i++) {
            out[2 * i] = HEX_DIGITS[(digest[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX_DIGITS[digest[i] & 0xf];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static final class Signer {
        private final MessageDigest sha1;
        private String ticket;
        private byte[] ticketPart;

        Signer() {
            try {
                sha1 = MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform must support SHA-1", e);
            }
        }

        /**
         * SHA-1 over the UTF-8 of {@link #stringToSign}, fed in three parts: UTF-8 of a
         * concatenation is the concatenation of the parts' UTF-8 (every part boundary is next to
         * an ASCII separator), so the bytes hashed are the same.
         */
        String sign(String ticket, String nonce, long timestamp, String url) {
            if (!ticket.equals(this.ticket)) {
                this.ticketPart = ("jsapi_ticket=" + ticket + "&noncestr=").getBytes(StandardCharsets.UTF_8);
                this.ticket = ticket;
            }
            sha1.update(ticketPart);
            sha1.update(nonce.getBytes(StandardCharsets.UTF_8));
            sha1.update(("&timestamp=" + timestamp + "&url=" + url).getBytes(StandardCharsets.UTF_8));
            return hex(sha1.digest());
        }
    }
}
