package io.github.wecom4j.emulator.jssdk;

import io.github.wecom4j.emulator.EmulatorCounters;
import io.github.wecom4j.emulator.http.EmulatorHttpServer;
import io.github.wecom4j.emulator.http.EmulatorRequest;
import io.github.wecom4j.emulator.http.EmulatorResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The old way pages use the JS-SDK ({@code jweixin-1.2.0.js} + {@code jwxwork-1.0.0.js}), served
 * under {@code /_emulator/jssdk/}:
 * <pre>
 * GET  /_emulator/jssdk/jweixin.js   a stand-in for jweixin-1.2.0.js / jwxwork-1.0.0.js (wx.config, wx.agentConfig,
 *                                    wx.ready, wx.error, checkJsApi, getNetworkType, ...)
 * POST /_emulator/jssdk/verify       what that script calls: checks one config like the WeCom client and answers
 *                                    {"errMsg": "config:ok"} or WeCom's error text; CORS open, the page is elsewhere
 * </pre>
 * The check itself is {@link ConfigCheck}, shared with {@link JsBridge} (the WeCom client's own
 * {@code WeixinJSBridge}, which runs Tencent's current {@code @wecom/jssdk} unmodified).
 */
public final class JsSdkStandIn {

    private final ConfigCheck check;
    private final JsonMapper json;
    private final EmulatorCounters counters;
    private final byte[] script;

    public JsSdkStandIn(ConfigCheck check, JsonMapper json, EmulatorCounters counters) {
        this.check = check;
        this.json = json;
        this.counters = counters;
        this.script = Scripts.load("jweixin.js");
    }

    public void register(EmulatorHttpServer server) {
        server.route("/_emulator/jssdk/jweixin.js", req -> "GET".equals(req.method())
                ? new EmulatorResponse(200, Scripts.CONTENT_TYPE, script, Scripts.CORS)
                : Scripts.methodNotAllowed(req));
        server.route("/_emulator/jssdk/verify", req -> switch (req.method()) {
            case "OPTIONS" -> Scripts.preflight();
            case "POST" -> verifyRequest(req);
            default -> Scripts.methodNotAllowed(req);
        });
    }

    private EmulatorResponse verifyRequest(EmulatorRequest req) {
        JsonNode body;
        try {
            body = req.body().length > Scripts.MAX_BODY ? null : json.readTree(req.body());
        } catch (JacksonException e) {
            body = null;
        }
        ObjectNode out = json.createObjectNode();
        if (body == null || !body.isObject()) {
            out.put("errMsg", "config:fail, the verify call needs a JSON object of at most " + Scripts.MAX_BODY + " bytes");
            out.put("errcode", 40058);
            return new EmulatorResponse(400, "application/json; charset=utf-8", json.writeValueAsBytes(out), Scripts.CORS);
        }
        boolean agent = "agentConfig".equals(Scripts.text(body, "api"));
        String api = agent ? "agentConfig" : "config";
        ConfigCheck.Verdict verdict = check.check(new ConfigCheck.Attempt(
                agent ? JsApiTicketAuthority.Kind.AGENT_CONFIG : JsApiTicketAuthority.Kind.JSAPI, Scripts.text(body, "href"),
                Scripts.text(body, agent ? "corpid" : "appId"), Scripts.text(body, "agentid"),
                Scripts.text(body, "timestamp"), Scripts.text(body, "nonceStr"), Scripts.text(body, "signature")));
        counters.increment("jssdk " + api + (verdict.ok() ? " ok" : " failed " + verdict.errcode()));
        out.put("errMsg", verdict.errMsg(api));
        out.put("errcode", verdict.errcode());
        return new EmulatorResponse(200, "application/json; charset=utf-8", json.writeValueAsBytes(out), Scripts.CORS);
    }
}
