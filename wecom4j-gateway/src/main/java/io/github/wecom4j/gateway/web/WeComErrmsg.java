package io.github.wecom4j.gateway.web;

/** What of WeCom's errmsg may be passed on to a caller. */
public final class WeComErrmsg {

    private WeComErrmsg() {
    }

    /**
     * WeCom's text without its trailer ({@code ", hint: [...], from ip: 1.2.3.4, more info at ..."}):
     * the request id and lookup link help only whoever reads the gateway's log (where the full
     * errmsg is), and {@code from ip} names the gateway's egress address (doc 90313's errmsg shape).
     */
    public static String publicPart(String errmsg) {
        if (errmsg == null) {
            return "";
        }
        int cut = errmsg.length();
        for (String marker : new String[]{", hint:", ", from ip:", " from ip:", ", more info at", "more info at"}) {
            int i = errmsg.indexOf(marker);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return errmsg.substring(0, cut).trim();
    }
}
