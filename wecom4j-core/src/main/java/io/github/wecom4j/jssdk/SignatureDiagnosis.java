package io.github.wecom4j.jssdk;

/**
 * Why a page's JS-SDK signature fails (or that it does not), for a developer: one {@link Cause}
 * to branch on and a message that says what to change.
 */
public record SignatureDiagnosis(Cause cause, String message) {

    /** What is wrong, most fundamental first. */
    public enum Cause {
        /** The signature is right for this page: if WeCom still refuses, look at the domain, corp id or agentid. */
        SIGNATURE_OK,
        /** Signed with the other ticket: {@code wx.config} needs the jsapi_ticket, {@code wx.agentConfig} the agent_config ticket. */
        WRONG_TICKET_KIND,
        /** Signed with a ticket that has expired or been replaced: the config was cached longer than the ticket lives. */
        TICKET_EXPIRED,
        /** The signed URL kept its {@code #fragment}; WeCom signs {@code location.href} without it. */
        URL_HAS_FRAGMENT,
        /** The signed URL has another query string than the page (router changed it, a parameter dropped or added). */
        URL_QUERY_DIFFERS,
        /** The signed URL was URL-encoded or HTML-escaped ({@code &amp;}) on the way to the server. */
        URL_ESCAPED,
        /** The signed URL differs in scheme, host, port or path (proxy, http vs https, trailing slash). */
        URL_DIFFERS,
        /** The string signed used {@code nonceStr=}; the key in the signed string is {@code noncestr}, all lower case. */
        NONCE_KEY_CASE,
        /** The signature is not 40 lower-case hex digits. */
        MALFORMED_SIGNATURE,
        /**
         * A JS-API was refused ({@code <api>:permission denied}) though the config its call carried
         * is right for the page: the API is not in the jsApiList, or the app or user may not use it.
         */
        API_NOT_PERMITTED,
        /** {@code agentConfig:permission denied}: WeCom before 3.0.24 needs a successful wx.config on the page first. */
        CONFIG_NEEDED_FIRST,
        /** No ticket this app knows, with no likely URL, reproduces the signature; or an error we cannot explain. */
        UNKNOWN
    }

    public boolean ok() {
        return cause == Cause.SIGNATURE_OK;
    }
}
