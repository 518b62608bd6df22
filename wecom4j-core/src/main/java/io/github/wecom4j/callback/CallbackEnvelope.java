package io.github.wecom4j.callback;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outer XML WeCom POSTs ({@code <xml><ToUserName/><AgentID/><Encrypt/></xml>}, doc 90930) is
 * not signed as a whole: only the {@code <Encrypt>} value is covered by {@code msg_signature}. So
 * the envelope is not parsed as XML at all; its one signed value is located by a linear scan, and
 * nothing else in it is used. A body with no or several {@code <Encrypt>} elements is refused.
 */
final class CallbackEnvelope {

    /** Base64 only, with or without CDATA; possessive, so the scan stays linear on any input. */
    private static final Pattern ENCRYPT = Pattern.compile(
            "<Encrypt>\\s*+(?:<!\\[CDATA\\[([A-Za-z0-9+/=]++)]]>|([A-Za-z0-9+/=]++))\\s*+</Encrypt>");

    private CallbackEnvelope() {
    }

    static String encryptOf(String body) {
        if (body == null || body.isBlank()) {
            throw new CallbackException(CallbackException.PARSE_XML, "empty body");
        }
        Matcher m = ENCRYPT.matcher(body);
        if (!m.find()) {
            throw new CallbackException(CallbackException.PARSE_XML, "no <Encrypt> element with a base64 value");
        }
        String value = m.group(1) != null ? m.group(1) : m.group(2);
        if (body.indexOf("<Encrypt>", m.end()) >= 0) {
            throw new CallbackException(CallbackException.PARSE_XML, "more than one <Encrypt> element");
        }
        return value;
    }
}
