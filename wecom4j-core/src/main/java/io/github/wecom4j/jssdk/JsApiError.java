package io.github.wecom4j.jssdk;

import io.github.wecom4j.error.WeComValidationException;

import java.util.Locale;
import java.util.Optional;

/**
 * An error as a page's JS-SDK reported it: {@code errMsg} is {@code <api>:<reason>}. Tencent's
 * current {@code @wecom/jssdk} reports the client's API names ({@code preVerifyJSAPI:invalid
 * signature} for the corp config, {@code agentConfig:invalid signature},
 * {@code getContext:permission denied}); the old {@code jweixin} maps the corp config back to
 * {@code config:invalid signature}. Both spellings are understood.
 *
 * @param api    the API before the colon, e.g. {@code preVerifyJSAPI}
 * @param reason what follows, lower case, e.g. {@code invalid signature}
 */
public record JsApiError(String api, String reason) {

    /** Longer than any errMsg a client sends; real ones are under 100 characters. */
    static final int MAX_LENGTH = 256;

    public static JsApiError parse(String errMsg) {
        if (errMsg == null || errMsg.isBlank() || errMsg.length() > MAX_LENGTH || errMsg.indexOf(':') <= 0) {
            throw new WeComValidationException(40035, "'errMsg' must be what the JS-SDK reported, '<api>:<reason>'"
                    + " such as 'preVerifyJSAPI:invalid signature' (at most " + MAX_LENGTH + " characters)");
        }
        int colon = errMsg.indexOf(':');
        String reason = errMsg.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        // WeCom may append " more info at https://open.work.weixin.qq.com/devtool/query?e=<errcode>"
        int more = reason.indexOf(" more info");
        return new JsApiError(errMsg.substring(0, colon).trim(), more < 0 ? reason : reason.substring(0, more).trim());
    }

    /** Which config failed, when the error is about one: {@code preVerifyJSAPI}/{@code config} or {@code agentConfig}. */
    public Optional<ConfigKind> configKind() {
        return ConfigKind.forApi(api);
    }

    public boolean invalidSignature() {
        return reason.startsWith("invalid signature");
    }

    public boolean permissionDenied() {
        return reason.startsWith("permission denied");
    }

    @Override
    public String toString() {
        return api + ":" + reason;
    }
}
