package io.github.wecom4j.emulator.callback;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The emulator's side of WeCom's callback crypto (doc 90968), written apart from the SDK's on
 * purpose: seals (encrypts and signs) what WeCom pushes and opens what an app answers. Checked
 * against Tencent's published vectors in its own tests.
 */
public final class CallbackSealer {

    private final String token;
    private final byte[] aesKey;
    private final byte[] corpId;

    public CallbackSealer(String token, String encodingAesKey, String corpId) {
        this.token = token;
        this.aesKey = Base64.getDecoder().decode(encodingAesKey + "=");
        if (aesKey.length != 32) {
            throw new IllegalArgumentException("EncodingAESKey must decode to 32 bytes");
        }
        this.corpId = corpId.getBytes(StandardCharsets.UTF_8);
    }

    /** base64(AES-CBC(random16 | big-endian length | message | corpid | PKCS#7 pad to 32)). */
    public String seal(byte[] random16, String message) {
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(random16);
        buf.write((msg.length >>> 24) & 0xff);
        buf.write((msg.length >>> 16) & 0xff);
        buf.write((msg.length >>> 8) & 0xff);
        buf.write(msg.length & 0xff);
        buf.writeBytes(msg);
        buf.writeBytes(corpId);
        int padding = 32 - buf.size() % 32;
        for (int i = 0; i < padding; i++) {
            buf.write(padding);
        }
        return Base64.getEncoder().encodeToString(aes(Cipher.ENCRYPT_MODE, buf.toByteArray()));
    }

    /** The message inside a sealed string (the corp id at the end must be ours). */
    public String open(String sealed) {
        byte[] plain = aes(Cipher.DECRYPT_MODE, Base64.getDecoder().decode(sealed));
        int padding = plain[plain.length - 1];
        int length = ((plain[16] & 0xff) << 24) | ((plain[17] & 0xff) << 16) | ((plain[18] & 0xff) << 8) | (plain[19] & 0xff);
        byte[] tail = Arrays.copyOfRange(plain, 20 + length, plain.length - padding);
        if (!Arrays.equals(tail, corpId)) {
            throw new IllegalArgumentException("sealed for another corp");
        }
        return new String(plain, 20, length, StandardCharsets.UTF_8);
    }

    /** sha1 of the four strings sorted and joined. */
    public String signature(String timestamp, String nonce, String sealed) {
        String joined = List.of(token, timestamp, nonce, sealed).stream().sorted().collect(Collectors.joining());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(joined.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] aes(int mode, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(mode, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(aesKey, 0, 16));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES failed: " + e.getMessage(), e);
        }
    }
}
