package io.github.wecom4j.gateway.jssdk;

import io.github.wecom4j.WeComApp;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.error.WeComErrorCodes;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.gateway.wecom.GatewayMode;
import io.github.wecom4j.jssdk.ConfigKind;
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

/**
 * JS-SDK signatures for the gateway's pages (doc 90506):
 * <pre>
 * GET  /api/jssdk/config?url=            payload for wx.config (corp jsapi_ticket)
 * GET  /api/jssdk/agent-config?url=      payload for wx.agentConfig (app ticket); &amp;agentId= to pick an app
 * POST /api/jssdk/diagnose               why a page's signature failed
 * GET  /api/jssdk/setup                  which script to load and the ids, for the demo page
 * </pre>
 * Only pages on the trusted domains are signed. Tickets are cached by the SDK and nothing touches
 * the database, so the config endpoints are cheap enough for every page load. Payloads are never
 * cached by browsers or proxies: a stale one is signed with a ticket that may have expired.
 */
@RestController
@EnableConfigurationProperties(JsSdkProperties.class)
class JsSdkController {

    /** WeCom's own scripts: jweixin for wx.config, jwxwork for wx.agentConfig (doc 90506 / 94313). */
    static final List<String> WECOM_SCRIPTS = List.of("https://res.wx.qq.com/open/js/jweixin-1.2.0.js",
            "https://open.work.weixin.qq.com/wwopen/js/jwxwork-1.0.0.js");

    private final WeComClient wecom;
    private final GatewayMode mode;
    private final TrustedPages trusted;
    private final int defaultAgentId;

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

    /** What the page used; {@code api} is "config" or "agentConfig". */
    record DiagnoseRequest(String api, String url, String signedUrl, Long timestamp, String nonceStr, String signature,
                           Integer agentId) {
    }

    record DiagnosisView(String api, String cause, String message) {
    }

    @PostMapping("/api/jssdk/diagnose")
    DiagnosisView diagnose(@RequestBody DiagnoseRequest request) {
        ConfigKind kind = switch (request.api() == null ? "" : request.api()) {
            case "config", "wx.config" -> ConfigKind.CONFIG;
            case "agentConfig", "wx.agentConfig" -> ConfigKind.AGENT_CONFIG;
            default -> throw new WeComValidationException(40035, "'api' must be \"config\" or \"agentConfig\"");
        };
        if (request.timestamp() == null) {
            throw new WeComValidationException(40035, "'timestamp' is required: the one the page passed to " + kind.jsApi());
        }
        String url = trusted.require(request.url());
        JsSdk jssdk = app(kind == ConfigKind.AGENT_CONFIG ? request.agentId() : null).jssdk();
        SignatureDiagnosis d = jssdk.diagnose(new PageSignature(kind, url, request.signedUrl(), request.timestamp(),
                request.nonceStr(), request.signature()));
        return new DiagnosisView(kind.jsApi(), d.cause().name(), d.message());
    }

    record Setup(boolean emulated, List<String> scripts, String corpId, int agentId, List<String> trustedDomains) {
    }

    @GetMapping("/api/jssdk/setup")
    Setup setup() {
        List<String> scripts = mode.emulated()
                ? List.of(mode.emulatorUrl() + "/_emulator/jssdk/jweixin.js")
                : WECOM_SCRIPTS;
        return new Setup(mode.emulated(), scripts, wecom.config().corpId(), defaultAgentId, trusted.domains());
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
        return ResponseEntity.badRequest().body(new BadBody(40058, "the body must be a JSON object: {api, url, signedUrl,"
                + " timestamp, nonceStr, signature}", WeComErrorCodes.hint(40058)));
    }

    private static <T> ResponseEntity<T> noStore(T body) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }
}
