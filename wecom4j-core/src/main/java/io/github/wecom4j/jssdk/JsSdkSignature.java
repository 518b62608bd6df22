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

    private static final byte[] TICKET_KEY = "jsapi_ticket=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONCE_KEY = "&noncestr=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIMESTAMP_KEY = "&timestamp=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] URL_KEY = "&url=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /**
     * Per thread: a SHA-1 digest and a buffer for the string to sign. Signing runs on every page
     * load; {@code MessageDigest.getInstance} (a provider lookup) and building the string then
     * encoding it cost more than the hash itself.
     */
    private static final ThreadLocal<Signer> SIGNER = ThreadLocal.withInitial(Signer::new);

    private JsSdkSignature() {
    }

    /** The signature for a page; {@code url} may still carry a fragment, it is removed first. */
    public static String sign(String ticket, String nonceStr, long timestamp, String url) {
        int urlEnd = url.indexOf('#');
        return SIGNER.get().sign(ticket, nonceStr, timestamp, url, urlEnd < 0 ? url.length() : urlEnd);
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
        return SIGNER.get().sha1Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Signer {
        private final MessageDigest sha1;
        private byte[] buffer = new byte[512];

        Signer() {
            try {
                sha1 = MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform must support SHA-1", e);
            }
        }

        /**
         * Writes {@link #stringToSign} as UTF-8 straight into the buffer and hashes it. Page URLs are
         * ASCII in practice (browsers percent-encode); anything else takes the plain String path,
         * which gives the same bytes.
         */
        String sign(String ticket, String nonce, long timestamp, String url, int urlEnd) {
            String stamp = Long.toString(timestamp);
            int length = TICKET_KEY.length + ticket.length() + NONCE_KEY.length + nonce.length()
                    + TIMESTAMP_KEY.length + stamp.length() + URL_KEY.length + urlEnd;
            if (buffer.length < length) {
                buffer = new byte[Math.max(length, buffer.length * 2)];
            }
            int at = put(TICKET_KEY, 0);
            at = ascii(ticket, ticket.length(), at);
            at = put(NONCE_KEY, at);
            at = ascii(nonce, nonce.length(), at);
            at = put(TIMESTAMP_KEY, at);
            at = ascii(stamp, stamp.length(), at);
            at = put(URL_KEY, at);
            at = ascii(url, urlEnd, at);
            if (at < 0) {
                return sha1Hex(stringToSign(ticket, nonce, timestamp, url.substring(0, urlEnd)).getBytes(StandardCharsets.UTF_8));
            }
            sha1.update(buffer, 0, at);
            return hex(sha1.digest());
        }

        String sha1Hex(byte[] input) {
            return hex(sha1.digest(input));
        }

        /** Lower-case hex of a SHA-1 digest (20 bytes). */
        private static String hex(byte[] digest) {
            byte[] out = new byte[40];
            for (int i = 0; i < 20; i++) {
                out[2 * i] = HEX_DIGITS[(digest[i] >> 4) & 0xf];
                out[2 * i + 1] = HEX_DIGITS[digest[i] & 0xf];
            }
            return new String(out, StandardCharsets.ISO_8859_1);
        }

        private int put(byte[] bytes, int at) {
            if (at < 0) {
                return at;
            }
            System.arraycopy(bytes, 0, buffer, at, bytes.length);
            return at + bytes.length;
        }

        /** Copies the first {@code end} chars if all are ASCII; -1 otherwise. */
        private int ascii(String s, int end, int at) {
            if (at < 0) {
                return at;
            }
            for (int i = 0; i < end; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    return -1;
                }
                buffer[at + i] = (byte) c;
            }
            return at + end;
        }
    }
}
