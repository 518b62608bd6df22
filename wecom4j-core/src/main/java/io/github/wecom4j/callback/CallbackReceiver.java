package io.github.wecom4j.callback;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Receives an app's callbacks (doc 90930): URL verification, signed and encrypted pushes, and
 * encrypted passive replies. Order of checks: timestamp window, signature, decryption with the
 * receiveid check, then the message XML. Nothing unsigned is parsed: before the signature is
 * proven, the {@code <Encrypt>} value is only located by a linear scan of the envelope
 * ({@link CallbackEnvelope}), and the XML parser (which refuses DTDs) only ever sees the decrypted,
 * signed message.
 */
public final class CallbackReceiver {

    private final CallbackSignature signature;
    private final CallbackCipher cipher;
    private final CallbackTimestampVerifier timestamps;

    /**
     * @param token          the callback Token from the admin console
     * @param encodingAesKey the 43-character EncodingAESKey
     * @param receiveId      the corp id for a self-built app
     * @param clock          now, for the replay window
     * @param tolerance      accepted distance between a callback's timestamp and now (5 minutes is plenty)
     */
    public CallbackReceiver(String token, String encodingAesKey, String receiveId, Clock clock, Duration tolerance) {
        this.signature = new CallbackSignature(token);
        this.cipher = new CallbackCipher(encodingAesKey, receiveId);
        this.timestamps = new CallbackTimestampVerifier(clock, tolerance);
    }

    /** GET verification: returns the plaintext to answer with (HTTP 200, body only). */
    public String verifyUrl(String msgSignature, String timestamp, String nonce, String echostr) {
        timestamps.verify(timestamp);
        signature.verify(msgSignature, timestamp, nonce, echostr);
        return cipher.decrypt(echostr);
    }

    /** POST push: verifies and decrypts the body, returns the typed message. */
    public CallbackMessage receive(String msgSignature, String timestamp, String nonce, String body) {
        timestamps.verify(timestamp);
        String encrypt = CallbackEnvelope.encryptOf(body);
        signature.verify(msgSignature, timestamp, nonce, encrypt);
        Map<String, String> fields = CallbackXml.parse(cipher.decrypt(encrypt));
        return CallbackMessage.of(fields);
    }

    /** The encrypted body of a passive reply to a push (Tencent's reply template). */
    public String encryptedReply(String replyXml, String timestamp, String nonce) {
        if (timestamp == null || !timestamp.matches("\\d{1,19}") || nonce == null || !nonce.matches("[A-Za-z0-9]{1,64}")) {
            throw new IllegalArgumentException("timestamp must be digits and nonce letters or digits");
        }
        String encrypt = cipher.encrypt(replyXml);
        return "<xml><Encrypt><![CDATA[" + encrypt + "]]></Encrypt><MsgSignature><![CDATA["
                + signature.sign(timestamp, nonce, encrypt) + "]]></MsgSignature><TimeStamp>" + timestamp
                + "</TimeStamp><Nonce><![CDATA[" + nonce + "]]></Nonce></xml>";
    }
}
