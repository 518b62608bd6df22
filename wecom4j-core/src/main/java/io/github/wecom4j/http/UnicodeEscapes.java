package io.github.wecom4j.http;

import io.github.wecom4j.error.WeComValidationException;

import java.util.Locale;

/**
 * WeCom refuses any request whose JSON holds a {@code \}{@code uXXXX} escape, whatever character it
 * stands for: errcode 40033, "不合法的请求字符: 不能包含\\uxxxx格式的字符" (global error codes,
 * doc 90313). Our writer sends every character as raw UTF-8, so the only escapes left are those
 * JSON requires: control characters other than the short forms ({@code \b \t \n \f \r}), such as
 * the ESC of a terminal colour code pasted into an alert, and a lone half of a surrogate pair (a
 * string cut inside an emoji). Such a request is refused here, before it is sent or queued, with
 * the character named, instead of WeCom's answer after a 202.
 */
public final class UnicodeEscapes {

    /** WeCom's errcode for a {@code \}{@code uXXXX} escape in a request. */
    public static final int INVALID_CHARSET = 40033;

    private UnicodeEscapes() {
    }

    /** Throws 40033 if the UTF-8 JSON {@code json} holds a {@code \}{@code u} escape. */
    public static void requireNone(byte[] json) {
        int at = firstEscape(json);
        if (at >= 0) {
            throw refusal(hex(json, at + 2));
        }
    }

    /** The index of the first {@code \}{@code u} escape's backslash, or -1. */
    static int firstEscape(byte[] json) {
        for (int i = 0, n = json.length - 1; i < n; i++) {
            if (json[i] == '\\') {
                if (json[i + 1] == 'u') {
                    return i;
                }
                i++; // an escaped character: a literal backslash "\\" followed by 'u' is text, not an escape
            }
        }
        return -1;
    }

    private static String hex(byte[] json, int from) {
        int end = Math.min(json.length, from + 4);
        return new String(json, from, end - from, java.nio.charset.StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
    }

    private static WeComValidationException refusal(String hex) {
        int c;
        try {
            c = hex.length() == 4 ? Integer.parseInt(hex, 16) : -1;
        } catch (NumberFormatException malformed) {
            c = -1;
        }
        String what = c >= 0xD800 && c <= 0xDFFF ? "half of a surrogate pair (a string cut inside an emoji?)"
                : "a control character";
        return new WeComValidationException(INVALID_CHARSET, "the request holds U+" + hex + ", " + what
                + ", which JSON can only carry as \\u" + hex + "; WeCom refuses every \\uXXXX escape: remove it"
                + " (tab, line feed and carriage return are fine)");
    }
}
