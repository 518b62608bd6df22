package io.github.wecom4j.callback;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * WeCom's callback encryption (doc 90968):
 * {@code base64(AES-256-CBC(key, iv = key[0..16], pkcs7_32(random16 || len_be32 || msg || receiveid)))}
 * with {@code key = base64decode(EncodingAESKey + "=")}.
 *
 * <p>The padding is PKCS#7 to a multiple of <b>32</b> bytes, not the 16 of JCE's PKCS5Padding, so
 * the cipher runs with NoPadding and pads by hand; the published vectors only match that way. The
 * trailing receiveid (the corp id for a self-built app) must match, as Tencent's library checks and
 * some SDKs forget.
 */
public final class CallbackCipher {

    private static final int BLOCK = 32;

    private final SecretKeySpec key;
    private final IvParameterSpec iv;
    private final byte[] receiveId;
    private final SecureRandom random = new SecureRandom();

    public CallbackCipher(String encodingAesKey, String receiveId) {
        if (encodingAesKey == null || !encodingAesKey.matches("[A-Za-z0-9]{43}")) {
            throw new CallbackException(CallbackException.ILLEGAL_AES_KEY, "EncodingAESKey must be 43 letters or digits");
        }
        byte[] raw = Base64.getDecoder().decode(encodingAesKey + "=");
        this.key = new SecretKeySpec(raw, "AES");
        this.iv = new IvParameterSpec(Arrays.copyOf(raw, 16));
        this.receiveId = receiveId.getBytes(StandardCharsets.UTF_8);
    }

    /** Encrypts {@code message} with fresh random bytes. */
    public String encrypt(String message) {
        byte[] prefix = new byte[16];
        random.nextBytes(prefix);
        return encrypt(prefix, message);
    }

    /** Encrypts with the given 16 random bytes (deterministic: for test vectors). */
    String encrypt(byte[] random16, String message) {
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        int length = 16 + 4 + msg.length + receiveId.length;
        int pad = BLOCK - (length % BLOCK);
        ByteBuffer plain = ByteBuffer.allocate(length + pad);
        plain.put(random16, 0, 16).putInt(msg.length).put(msg).put(receiveId);
        for (int i = 0; i < pad; i++) {
            plain.put((byte) pad);
        }
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, key, iv);
            return Base64.getEncoder().encodeToString(aes.doFinal(plain.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available", e);
        }
    }

    /** Decrypts and checks padding, length and receiveid; returns the message. */
    public String decrypt(String encrypted) {
        byte[] cipherText;
        try {
            cipherText = Base64.getDecoder().decode(encrypted);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CallbackException(CallbackException.BASE64_DECODE, "ciphertext is not base64");
        }
        if (cipherText.length == 0 || cipherText.length % 16 != 0) {
            throw new CallbackException(CallbackException.ILLEGAL_BUFFER, "ciphertext length is not a multiple of the AES block");
        }
        byte[] plain;
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, key, iv);
            plain = aes.doFinal(cipherText);
        } catch (GeneralSecurityException e) {
            throw new CallbackException(CallbackException.DECRYPT, "AES decryption failed");
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK || pad > plain.length) {
            throw new CallbackException(CallbackException.ILLEGAL_BUFFER, "bad padding (wrong EncodingAESKey?)");
        }
        int end = plain.length - pad;
        if (end < 20) {
            throw new CallbackException(CallbackException.ILLEGAL_BUFFER, "message too short");
        }
        int msgLength = ByteBuffer.wrap(plain, 16, 4).getInt();
        if (msgLength < 0 || msgLength > end - 20) {
            throw new CallbackException(CallbackException.ILLEGAL_BUFFER, "message length out of range");
        }
        byte[] trailing = Arrays.copyOfRange(plain, 20 + msgLength, end);
        if (!java.security.MessageDigest.isEqual(trailing, receiveId)) {
            // The bytes found are not echoed: they are whatever the sender put there.
            throw new CallbackException(CallbackException.RECEIVE_ID_MISMATCH, "receiveid does not match the corp id");
        }
        return new String(plain, 20, msgLength, StandardCharsets.UTF_8);
    }
}
