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

    /**
     * One thread's signing state. The string to sign is never built: its bytes are written into a
     * reused buffer whose head is {@code "jsapi_ticket=" + ticket + "&noncestr="} in UTF-8, kept
     * while the ticket stays the same (two hours), and the digest is fed once from that buffer. The
     * variable parts are almost always ASCII (a nonce of letters and digits, a timestamp, a URL as
     * {@code location.href} shows it, which browsers percent-encode), so they are copied char by
     * char; any other character sends the call to the general path, which encodes with the JDK.
     */
    private static final class Signer {
        /** Buffers grown past this for a very long URL are dropped after the call, not kept per thread. */
        private static final int KEPT_BUFFER = 4096;
        private static final byte[] TIMESTAMP_KEY = "&timestamp=".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] URL_KEY = "&url=".getBytes(StandardCharsets.US_ASCII);
        private static final int MAX_LONG_DIGITS = 19;

        private final MessageDigest sha1;
        private final byte[] digest = new byte[20];
        private String ticket;
        private int ticketPartLength;
        private byte[] buffer = new byte[256];

        Signer() {
            try {
                sha1 = MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform must support SHA-1", e);
            }
        }

        /**
         * SHA-1 over the UTF-8 of {@link #stringToSign}. The UTF-8 of a concatenation is the
         * concatenation of the parts' UTF-8 (every part boundary is next to an ASCII separator),
         * so the cached ticket head followed by the other parts is exactly the bytes of that string.
         */
        String sign(String ticket, String nonce, long timestamp, String url) {
            if (!ticket.equals(this.ticket)) {
                byte[] head = ("jsapi_ticket=" + ticket + "&noncestr=").getBytes(StandardCharsets.UTF_8);
                ensure(head.length, 0);
                System.arraycopy(head, 0, buffer, 0, head.length);
                this.ticketPartLength = head.length;
                this.ticket = ticket;
            }
            int length = ticketPartLength + nonce.length() + TIMESTAMP_KEY.length + MAX_LONG_DIGITS
                    + URL_KEY.length + url.length();
            byte[] b = ensure(length, ticketPartLength);
            int at = timestamp < 0 ? -1 : ascii(nonce, b, ticketPartLength);
            if (at >= 0) {
                System.arraycopy(TIMESTAMP_KEY, 0, b, at, TIMESTAMP_KEY.length);
                at = digits(timestamp, b, at + TIMESTAMP_KEY.length);
                System.arraycopy(URL_KEY, 0, b, at, URL_KEY.length);
                at = ascii(url, b, at + URL_KEY.length);
            }
            String signature;
            if (at >= 0) {
                sha1.update(b, 0, at);
                signature = digestHex();
            } else {
                signature = signGeneral(nonce, timestamp, url);
            }
            shrink();
            return signature;
        }

        /** Any non-ASCII part or a negative timestamp: the parts encoded by the JDK, the same bytes. */
        private String signGeneral(String nonce, long timestamp, String url) {
            sha1.update(buffer, 0, ticketPartLength);
            sha1.update(nonce.getBytes(StandardCharsets.UTF_8));
            sha1.update(("&timestamp=" + timestamp + "&url=" + url).getBytes(StandardCharsets.UTF_8));
            return digestHex();
        }

        private String digestHex() {
            try {
                sha1.digest(digest, 0, digest.length);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException("a SHA-1 digest is 20 bytes", e);
            }
            return hex(digest);
        }

        /** The buffer, at least {@code length} long, its first {@code keep} bytes preserved. */
        private byte[] ensure(int length, int keep) {
            if (buffer.length < length) {
                byte[] grown = new byte[Math.max(length, 2 * buffer.length)];
                System.arraycopy(buffer, 0, grown, 0, keep);
                buffer = grown;
            }
            return buffer;
        }

        private void shrink() {
            if (buffer.length > KEPT_BUFFER && ticketPartLength <= KEPT_BUFFER) {
                byte[] kept = new byte[KEPT_BUFFER];
                System.arraycopy(buffer, 0, kept, 0, ticketPartLength);
                buffer = kept;
            }
        }

        /**
         * Copies {@code s} into {@code b} at {@code at} if every char is ASCII (one UTF-8 byte each)
         * and returns the end; -1 at the first other char (then the bytes written are left unused).
         */
        private static int ascii(String s, byte[] b, int at) {
            int n = s.length();
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    return -1;
                }
                b[at + i] = (byte) c;
            }
            return at + n;
        }

        /** Decimal digits of a non-negative {@code v} at {@code at}, as {@link Long#toString(long)}; returns the end. */
        private static int digits(long v, byte[] b, int at) {
            int n = 1;
            for (long rest = v / 10; rest != 0; rest /= 10) {
                n++;
            }
            for (int i = at + n - 1; i >= at; i--) {
                b[i] = (byte) ('0' + (int) (v % 10));
                v /= 10;
            }
            return at + n;
        }
    }
}
