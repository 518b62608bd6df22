package io.github.wecom4j.callback;

import io.github.wecom4j.error.WeComException;

/**
 * A callback that must not be trusted or could not be read. The codes are those of Tencent's
 * callback library (doc 90968), so logs read the same as with the official samples.
 */
public final class CallbackException extends WeComException {

    public static final int SIGNATURE_MISMATCH = -40001;
    public static final int PARSE_XML = -40002;
    public static final int ILLEGAL_AES_KEY = -40004;
    public static final int RECEIVE_ID_MISMATCH = -40005;
    public static final int DECRYPT = -40007;
    public static final int ILLEGAL_BUFFER = -40008;
    public static final int BASE64_DECODE = -40010;
    /** Ours: the timestamp is outside the accepted window (a replay, or a badly skewed clock). */
    public static final int STALE_TIMESTAMP = -40100;

    public CallbackException(int code, String problem) {
        super(code, problem, hintFor(code), null, null);
    }

    private static String hintFor(int code) {
        return switch (code) {
            case SIGNATURE_MISMATCH -> "msg_signature does not match: check the callback Token, and that the query was URL-decoded once / 签名不符：检查回调 Token，query 参数只解码一次";
            case PARSE_XML -> "the body is not the XML WeCom sends (or contains a DOCTYPE, which is refused) / 请求体不是合法的回调 XML";
            case ILLEGAL_AES_KEY -> "EncodingAESKey must be the 43 characters shown in the admin console / EncodingAESKey 应为后台显示的 43 位字符";
            case RECEIVE_ID_MISMATCH -> "the message was encrypted for another corp or suite: check the corp id (receiveid) / receiveid 不符：检查企业 ID";
            case DECRYPT -> "AES decryption failed: the EncodingAESKey does not match this callback / 解密失败：EncodingAESKey 不匹配";
            case ILLEGAL_BUFFER -> "the decrypted message is malformed (length or padding) / 解密后的消息格式错误";
            case BASE64_DECODE -> "the ciphertext is not valid base64 (was it URL-decoded twice?) / 密文不是合法的 base64";
            case STALE_TIMESTAMP -> "the callback timestamp is outside the accepted window: a replay or a skewed clock / 回调时间戳超出允许范围，可能是重放";
            default -> "callback rejected / 回调被拒绝";
        };
    }
}
