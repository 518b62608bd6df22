package io.github.wecom4j.gateway.web;

/**
 * The one error body of the gateway, for every failure of every API: WeCom's {@code errcode} (or
 * the HTTP status for purely HTTP-level refusals such as 404 and 405), a message that names what
 * was wrong, and a hint that says what to do about it. Never an exception's text.
 */
public record ApiError(int errcode, String errmsg, String hint) {

    /** The JSON body, written by hand so it can be produced where no message converter runs (filters, Tomcat). */
    public String json() {
        return "{\"errcode\":" + errcode + ",\"errmsg\":" + quote(errmsg) + ",\"hint\":" + quote(hint) + "}";
    }

    static String quote(String text) {
        String s = text == null ? "" : text;
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
