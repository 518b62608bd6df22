package io.github.wecom4j.jssdk;

import java.security.SecureRandom;

/**
 * Random {@code nonceStr} values. WeCom only asks for "a random string"; it comes from
 * {@link SecureRandom} because together with the timestamp it is all that keeps one page's
 * signature from being replayed for another visit. Letters and digits only, so the value needs no
 * escaping in the signed string or in JavaScript.
 */
final class Nonces {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    static final int LENGTH = 16;

    private final SecureRandom random = new SecureRandom();

    String next() {
        byte[] bytes = new byte[LENGTH];
        random.nextBytes(bytes);
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            // 62 symbols: the modulo bias (256 % 62 = 8) costs under 0.2 bit of 95; irrelevant here.
            out[i] = ALPHABET[(bytes[i] & 0xff) % ALPHABET.length];
        }
        return new String(out);
    }
}
