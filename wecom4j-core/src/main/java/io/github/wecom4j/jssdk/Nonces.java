package io.github.wecom4j.jssdk;

import java.security.SecureRandom;

/**
 * Random {@code nonceStr} values. WeCom only asks for "a random string"; it comes from
 * {@link SecureRandom} because together with the timestamp it is all that keeps one page's
 * signature from being replayed for another visit. Letters and digits only, so the value needs no
 * escaping in the signed string or in JavaScript.
 *
 * <p>The random bytes are drawn in batches per thread: every nonce is still 16 fresh bytes of the
 * platform's CSPRNG, but one draw (a lock and a read of the system's source) serves
 * {@value #BATCH} page loads instead of one.
 */
final class Nonces {

    private static final byte[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final int LENGTH = 16;
    static final int BATCH = 64;

    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Batch> batches = ThreadLocal.withInitial(Batch::new);

    String next() {
        Batch batch = batches.get();
        if (batch.used == batch.bytes.length) {
            random.nextBytes(batch.bytes);
            batch.used = 0;
        }
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            // 62 symbols: the modulo bias (256 % 62 = 8) costs under 0.2 bit of 95; irrelevant here.
            out[i] = ALPHABET[(batch.bytes[batch.used + i] & 0xff) % ALPHABET.length];
        }
        // Overwrite what was used, so the bytes behind a nonce never linger in memory.
        java.util.Arrays.fill(batch.bytes, batch.used, batch.used + LENGTH, (byte) 0);
        batch.used += LENGTH;
        return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static final class Batch {
        final byte[] bytes = new byte[LENGTH * BATCH];
        int used = bytes.length;
    }
}
