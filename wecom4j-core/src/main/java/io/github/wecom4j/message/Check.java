package io.github.wecom4j.message;

import io.github.wecom4j.error.WeComValidationException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The field rules of {@code message/send} (doc 90236), applied before a request leaves the JVM so a
 * mistake surfaces as a {@link WeComValidationException} carrying the errcode WeCom would answer.
 *
 * <p>Errcodes used (doc 90313): 44004 empty text, 45002 text/markdown/mpnews content too large,
 * 41006 missing media_id, 40058 any other missing, oversized or malformed field.
 */
final class Check {

    static final int EMPTY_CONTENT = 44004;
    static final int CONTENT_TOO_LARGE = 45002;
    static final int MEDIA_ID_MISSING = 41006;
    static final int INVALID_PARAMETER = 40058;

    private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://\\S+");

    private Check() {
    }

    static int bytes(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static void required(String value, String field) {
        if (blank(value)) {
            throw new WeComValidationException(INVALID_PARAMETER, field + " is required");
        }
    }

    /**
     * The content rule text and markdown share (doc 90236): not empty (44004), at most
     * {@code maxBytes} UTF-8 bytes (45002).
     */
    static void content(String content, int maxBytes, String field) {
        if (content == null || content.isEmpty()) {
            throw new WeComValidationException(EMPTY_CONTENT, field + " is empty");
        }
        maxBytes(content, maxBytes, field, CONTENT_TOO_LARGE);
    }

    static void maxBytes(String value, int max, String field) {
        maxBytes(value, max, field, INVALID_PARAMETER);
    }

    static void maxBytes(String value, int max, String field, int errcode) {
        int n = bytes(value);
        if (n > max) {
            throw new WeComValidationException(errcode, field + " is " + n + " bytes (UTF-8); WeCom allows at most " + max);
        }
    }

    static void maxChars(String value, int max, String field) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            throw new WeComValidationException(INVALID_PARAMETER, field + " has more than " + max + " characters");
        }
    }

    static void mediaId(String mediaId, String field) {
        if (blank(mediaId)) {
            throw new WeComValidationException(MEDIA_ID_MISSING, field + " is required (a temporary media_id from media/upload)");
        }
    }

    static void httpUrl(String url, String field) {
        if (url != null && !HTTP_URL.matcher(url).matches()) {
            throw new WeComValidationException(INVALID_PARAMETER, field + " must be an http(s) URL");
        }
        maxBytes(url, 2048, field);
    }

    static void count(List<?> list, int min, int max, String field) {
        int n = list == null ? 0 : list.size();
        if (n < min || n > max) {
            throw new WeComValidationException(INVALID_PARAMETER, field + " must have " + min + "-" + max + " entries (got " + n + ")");
        }
    }

    static void fail(String problem) {
        throw new WeComValidationException(INVALID_PARAMETER, problem);
    }
}
