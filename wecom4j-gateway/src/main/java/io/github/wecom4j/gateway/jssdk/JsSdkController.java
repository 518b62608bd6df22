package io.github.wecom4j.gateway.jssdk;

import io.github.wecom4j.WeComApp;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.error.WeComErrorCodes;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.gateway.wecom.GatewayMode;
import io.github.wecom4j.jssdk.ConfigKind;
import io.github.wecom4j.jssdk.JsApiError;
import io.github.wecom4j.jssdk.JsSdk;
import io.github.wecom4j.jssdk.PageSignature;
import io.github.wecom4j.jssdk.SignatureDiagnosis;
import io.github.wecom4j.jssdk.WxAgentConfig;
import io.github.wecom4j.jssdk.WxConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Optional;

/**
 * JS-SDK signatures for the gateway's pages (doc 90506):
 * <pre>
 * GET  /api/jssdk/config?url=            payload for wx.config (corp jsapi_ticket)
 * GET  /api/jssdk/agent-config?url=      payload for wx.agentConfig (app ticket); &amp;agentId= to pick an app
 * POST /api/jssdk/diagnose               why a page's signature failed, or why a JS-API was refused
 * GET  /api/jssdk/setup                  which scripts to load and the ids, for the demo page
 * POST /api/jssdk/tickets/renew          drops the cached tickets (API key); &amp;agentId= to pick an app
 * </pre>
 * With Tencent's {@code @wecom/jssdk} a page returns the config payloads as they are from its
 * {@code getConfigSignature(url)} / {@code getAgentConfigSignature(url)}: the SDK reads their
 * {@code timestamp}, {@code nonceStr} and {@code signature}; the ids beside them serve jweixin's
 * {@code wx.config} / {@code wx.agentConfig}. Only pages on the trusted domains are signed.
 * Tickets are cached by the SDK and nothing touches the database, so the config endpoints are
 * cheap enough for every page load. Payloads are never cached by browsers or proxies: a stale one
 * is signed with a ticket that may have expired.
 */
@RestController
@EnableConfigurationProperties(JsSdkProperties.class)
class JsSdkController {

    /** Most names a page may send as its jsApiList for a diagnosis. */
    static final int MAX_JS_API_LIST = 200;

    private final WeComClient wecom;
    private final GatewayMode mode;
    private final TrustedPages trusted;
    private final int defaultAgentId;
    private final OfficialJsSdk officialSdk = OfficialJsSdk.fromClasspath();

    JsSdkController(WeComClient wecom, GatewayMode mode, JsSdkProperties properties) {
        this.wecom = wecom;
        this.mode = mode;
        this.trusted = new TrustedPages(properties, mode);
        this.defaultAgentId = properties.getAgentId() > 0 ? properties.getAgentId()
                : wecom.apps().keySet().stream().findFirst().orElse(0);
    }

    @GetMapping("/api/jssdk/config")
    ResponseEntity<WxConfig> config(@RequestParam(required = false) String url) {
        return noStore(app(null).jssdk().config(trusted.require(url)));
    }

    @GetMapping("/api/jssdk/agent-config")
    ResponseEntity<WxAgentConfig> agentConfig(@RequestParam(required = false) String url,
                                              @RequestParam(required = false) Integer agentId) {
        return noStore(app(agentId).jssdk().agentConfig(trusted.require(url)));
    }

    /**
     * What the page used. {@code api} is the config whose signature this is ("config" / "preVerifyJSAPI"
     * or "agentConfig"); {@code errMsg}, if given, is what the JS-SDK reported (e.g.
     * "preVerifyJSAPI:invalid signature", "getContext:permission denied") and {@code jsApiList} what
     * the page registered.
     */
    record DiagnoseRequest(String api, String errMsg, String url, String signedUrl, Long timestamp, String nonceStr,
                           String signature, Integer agentId, List<String> jsApiList) {
    }

    record DiagnosisView(String api, String cause, String message) {
    }

    @PostMapping("/api/jssdk/diagnose")
    DiagnosisView diagnose(@RequestBody DiagnoseRequest request) {
        Optional<JsApiError> reported = Optional.ofNullable(request.errMsg()).map(JsApiError::parse);
        ConfigKind kind = reported.flatMap(JsApiError::configKind).or(() -> ConfigKind.forApi(request.api()))
                .orElseThrow(() -> new WeComValidationException(40035,
                        "'api' must be \"config\" (or \"preVerifyJSAPI\") or \"agentConfig\": the config whose signature this is"));
        if (request.timestamp() == null) {
            throw new WeComValidationException(40035, "'timestamp' is required: the one the page passed to " + kind.jsApi());
        }
        if (request.jsApiList() != null && request.jsApiList().size() > MAX_JS_API_LIST) {
            throw new WeComValidationException(40035, "'jsApiList' has more than " + MAX_JS_API_LIST + " names");
        }
        String url = trusted.require(request.url());
        JsSdk jssdk = app(kind == ConfigKind.AGENT_CONFIG ? request.agentId() : null).jssdk();
        PageSignature page = new PageSignature(kind, url, request.signedUrl(), request.timestamp(), request.nonceStr(),
                request.signature());
        SignatureDiagnosis d = reported.isPresent()
                ? jssdk.diagnose(request.errMsg(), page, request.jsApiList())
                : jssdk.diagnose(page);
        return new DiagnosisView(reported.map(JsApiError::api).orElse(kind.jsApi()), d.cause().name(), d.message());
    }

    record RenewedTickets(int agentId, List<String> dropped) {
    }

    /**
     * Drops the app's cached jsapi_ticket and agent_config ticket, in every instance's shared
     * store: after WeCom's client refused pages signed with them (42012, or "invalid signature"
     * although the diagnosis finds the signature right), the next page load is signed with tickets
     * fetched anew instead of failing until the tickets' 7200 s run out. Only the values cached
     * now are dropped, never one another instance has just stored. Behind the API key: each call
     * costs a ticket fetch, which WeCom limits.
     */
    @PostMapping("/api/jssdk/tickets/renew")
    RenewedTickets renewTickets(@RequestParam(required = false) Integer agentId) {
        WeComApp app = app(agentId);
        for (ConfigKind kind : ConfigKind.values()) {
            app.jssdk().dropTicket(kind);
        }
        return new RenewedTickets(app.agentId(), java.util.Arrays.stream(ConfigKind.values()).map(ConfigKind::ticketName).toList());
    }

    /**
     * What the demo page loads: in emulated mode the emulator's {@code WeixinJSBridge} (the WeCom
     * client injects its own), then the official SDK this build fetched (null when it has none).
     */
    record Setup(boolean emulated, String bridgeScript, String sdkScript, String sdkVersion, String corpId, int agentId,
                 List<String> trustedDomains) {
    }

    @GetMapping("/api/jssdk/setup")
    Setup setup() {
        String bridge = mode.emulated() ? mode.emulatorUrl() + "/_emulator/jssdk/bridge.js" : null;
        return new Setup(mode.emulated(), bridge, officialSdk.script().orElse(null), officialSdk.version(),
                wecom.config().corpId(), defaultAgentId, trusted.domains());
    }

    private WeComApp app(Integer agentId) {
        int id = agentId == null || agentId == 0 ? defaultAgentId : agentId;
        if (!wecom.apps().containsKey(id)) {
            throw new WeComValidationException(40056, "app " + id + " is not configured in this gateway; apps: "
                    + wecom.apps().keySet());
        }
        return wecom.app(id);
    }

    /** Same shape as every gateway error ({@code {errcode, errmsg, hint}}), for a body that is not JSON. */
    record BadBody(int errcode, String errmsg, String hint) {
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<BadBody> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(new BadBody(40058, "the body must be a JSON object: {api, errMsg, url,"
                + " signedUrl, timestamp, nonceStr, signature, agentId, jsApiList}", WeComErrorCodes.hint(40058)));
    }

    private static <T> ResponseEntity<T> noStore(T body) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }
}
