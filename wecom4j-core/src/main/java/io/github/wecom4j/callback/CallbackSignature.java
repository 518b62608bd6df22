package io.github.wecom4j.callback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * {@code msg_signature = hex(sha1(concat(sort(token, timestamp, nonce, encrypt))))} (doc 90930):
 * the same formula for URL verification (encrypt = echostr), pushed messages and passive replies.
 */
public final class CallbackSignature {

    private final String token;

    public CallbackSignature(String token) {
        if (token == null || token.isEmpty() || token.length() > 32) {
            throw new IllegalArgumentException("the callback Token must be 1-32 letters or digits");
        }
        this.token = token;
    }

    public String sign(String timestamp, String nonce, String encrypt) {
        String[] parts = {token, Objects.requireNonNull(timestamp), Objects.requireNonNull(nonce), Objects.requireNonNull(encrypt)};
        Arrays.sort(parts);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(String.join("", parts).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison, so the signature cannot be guessed byte by byte from timings. */
    public void verify(String signature, String timestamp, String nonce, String encrypt) {
        if (signature == null || timestamp == null || nonce == null || encrypt == null) {
            throw new CallbackException(CallbackException.SIGNATURE_MISMATCH, "msg_signature, timestamp, nonce or payload missing");
        }
        byte[] expected = sign(timestamp, nonce, encrypt).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new CallbackException(CallbackException.SIGNATURE_MISMATCH, "msg_signature does not match");
        }
    }
}
