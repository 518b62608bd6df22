package io.github.wecom4j.jssdk;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Random {@code nonceStr} values. WeCom only asks for "a random string"; it is cryptographically
 * random because together with the timestamp it is all that keeps one page's signature from being
 * replayed for another visit. Letters and digits only, so the value needs no escaping in the signed
 * string or in JavaScript.
 *
 * <p>Each thread draws from its own AES-128-CTR keystream under a key and counter taken from
 * {@link SecureRandom}, renewed every {@value #NONCES_PER_KEY} nonces: the core of NIST's
 * CTR_DRBG. The platform's {@code SecureRandom} costs about 270 ns per 16 bytes (a lock, a read
 * of the system's source, SHA-1 mixing), as much as the whole signature; the keystream, made
 * 4 KiB at a time with the CPU's AES instructions, costs a few ns per nonce.
 */
final class Nonces {

    private static final byte[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            .getBytes(StandardCharsets.US_ASCII);
    /**
     * The symbol for each byte value, {@code ALPHABET[b % 62]}: the modulo bias (256 % 62 = 8)
     * costs under 0.2 bit of 95, irrelevant here; a table instead of 16 divisions per nonce.
     */
    private static final byte[] SYMBOL = new byte[256];

    static {
        for (int b = 0; b < 256; b++) {
            SYMBOL[b] = ALPHABET[b % ALPHABET.length];
        }
    }
    static final int LENGTH = 16;
    static final int NONCES_PER_KEY = 1 << 16;
    private static final int BLOCK = 4096;
    private static final SecureRandom SEEDS = new SecureRandom();

    private final ThreadLocal<Keystream> streams = ThreadLocal.withInitial(Keystream::new);

    String next() {
        byte[] out = new byte[LENGTH];
        streams.get().fill(out);
        for (int i = 0; i < LENGTH; i++) {
            out[i] = SYMBOL[out[i] & 0xff];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static final class Keystream {
        private final byte[] zeros = new byte[BLOCK];
        private final byte[] block = new byte[BLOCK];
        private int used = BLOCK;
        private int nonces = NONCES_PER_KEY;
        private Cipher aes;

        void fill(byte[] out) {
            if (nonces == NONCES_PER_KEY) {
                rekey();
            }
            if (used == BLOCK) {
                try {
                    aes.update(zeros, 0, BLOCK, block, 0);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("AES/CTR failed", e);
                }
                used = 0;
            }
            System.arraycopy(block, used, out, 0, out.length);
            // Used keystream is wiped, so no earlier nonce can be read back from this buffer.
            java.util.Arrays.fill(block, used, used + out.length, (byte) 0);
            used += out.length;
            nonces++;
        }

        private void rekey() {
            byte[] key = new byte[16];
            byte[] counter = new byte[16];
            SEEDS.nextBytes(key);
            SEEDS.nextBytes(counter);
            try {
                aes = Cipher.getInstance("AES/CTR/NoPadding");
                aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every Java platform must support AES/CTR", e);
            } finally {
                java.util.Arrays.fill(key, (byte) 0);
            }
            java.util.Arrays.fill(block, (byte) 0);
            used = BLOCK;
            nonces = 0;
        }
    }
}
