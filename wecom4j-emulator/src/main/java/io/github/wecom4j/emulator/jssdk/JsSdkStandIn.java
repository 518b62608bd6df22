package io.github.wecom4j.emulator.jssdk;

import io.github.wecom4j.emulator.EmulatorCounters;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.http.EmulatorHttpServer;
import io.github.wecom4j.emulator.http.EmulatorRequest;
import io.github.wecom4j.emulator.http.EmulatorResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What the WeCom client does for a page's JS-SDK, served under {@code /_emulator/jssdk/}:
 * <pre>
 * GET  /_emulator/jssdk/jweixin.js   a stand-in for jweixin-1.2.0.js / jwxwork-1.0.0.js (wx.config, wx.agentConfig,
 *                                    wx.ready, wx.error, checkJsApi, getNetworkType, ...)
 * POST /_emulator/jssdk/verify       what that script calls: checks one config like the WeCom client and answers
 *                                    {"errMsg": "config:ok"} or WeCom's error text; CORS open, the page is elsewhere
 * </pre>
 *
 * <p>The checks, in order (doc 90506 / 94313 and WeCom's JS-SDK error texts): corp id
 * ({@code invalid corpId}, 40013), agentid ({@code invalid agentid}, 40056), page domain among the
 * app's trusted domains ({@code invalid url domain}, 80001), then the signature recomputed from
 * the ticket this emulator issued and the page's real URL without its fragment
 * ({@code invalid signature}, 40093). For {@code wx.config} any app's live jsapi_ticket of the
 * corp counts; for {@code wx.agentConfig} only that app's live agent_config ticket.
 *
 * <p>The signature is computed here independently of wecom4j-core, the way the doc phrases it:
 * sort the four parameters by key (ASCII), join {@code key=value} with {@code &}, SHA-1, hex.
 */
public final class JsSdkStandIn {

    private static final Map<String, String> CORS = Map.of(
            "Access-Control-Allow-Origin", "*",
            "Access-Control-Allow-Methods", "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers", "Content-Type");

    private final Supplier<EmulatedCorp> corp;
    private final JsApiTicketAuthority tickets;
    private final JsonMapper json;
    private final EmulatorCounters counters;
    private final byte[] script;

    public JsSdkStandIn(Supplier<EmulatedCorp> corp, JsApiTicketAuthority tickets, JsonMapper json,
                        EmulatorCounters counters) {
        this.corp = corp;
        this.tickets = tickets;
        this.json = json;
        this.counters = counters;
        this.script = loadScript();
    }

    public void register(EmulatorHttpServer server) {
        server.route("/_emulator/jssdk/*", this::serve);
    }

    /** The outcome of one check: WeCom's errMsg and the errcode behind it (0 when ok). */
    public record Verdict(String errMsg, int errcode) {
        public boolean ok() {
            return errcode == 0;
        }
    }

    /**
     * Checks one {@code wx.config} ({@code api = "config"}) or {@code wx.agentConfig} as the WeCom
     * client would on the page at {@code href}.
     */
    public Verdict verify(String api, String href, JsonNode cfg) {
        EmulatedCorp c = corp.get();
        boolean agent = "agentConfig".equals(api);
        String corpId = text(cfg, agent ? "corpid" : "appId");
        if (!c.corpId().equals(corpId)) {
            return new Verdict(api + ":invalid corpId", 40013);
        }
        Optional<EmulatedApp> app = Optional.empty();
        if (agent) {
            app = parseAgentId(text(cfg, "agentid")).flatMap(c::app);
            if (app.isEmpty()) {
                return new Verdict(api + ":invalid agentid", 40056);
            }
        }
        String page = withoutFragment(href == null ? "" : href);
        List<EmulatedApp> domainOwners = app.map(List::of).orElse(c.apps());
        if (domainOwners.stream().noneMatch(a -> onTrustedDomain(page, a.trustedDomain()))) {
            return new Verdict(api + ":invalid url domain", 80001);
        }
        String timestamp = text(cfg, "timestamp");
        String nonce = text(cfg, "nonceStr");
        String signature = text(cfg, "signature");
        if (timestamp == null || nonce == null || signature == null) {
            return new Verdict(api + ":invalid signature", 40093);
        }
        List<JsApiTicketAuthority.IssuedTicket> live = agent
                ? tickets.valid(c.corpId(), app.get().agentId(), JsApiTicketAuthority.Kind.AGENT_CONFIG).map(List::of).orElse(List.of())
                : tickets.validInCorp(c.corpId(), JsApiTicketAuthority.Kind.JSAPI);
        for (JsApiTicketAuthority.IssuedTicket t : live) {
            if (signature(t.value(), nonce, timestamp, page).equals(signature)) {
                return new Verdict(api + ":ok", 0);
            }
        }
        return new Verdict(api + ":invalid signature", 40093);
    }

    /** WeCom's algorithm as doc 90506 states it, written independently of the SDK. */
    static String signature(String ticket, String noncestr, String timestamp, String url) {
        TreeMap<String, String> params = new TreeMap<>();
        params.put("noncestr", noncestr);
        params.put("timestamp", timestamp);
        params.put("url", url);
        params.put("jsapi_ticket", ticket);
        StringJoiner string1 = new StringJoiner("&");
        params.forEach((k, v) -> string1.add(k + "=" + v));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(string1.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(40);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private EmulatorResponse serve(EmulatorRequest req) {
        String route = req.method() + " " + req.path();
        switch (route) {
            case "GET /_emulator/jssdk/jweixin.js":
                return new EmulatorResponse(200, "application/javascript; charset=utf-8", script, CORS);
            case "OPTIONS /_emulator/jssdk/verify":
                return new EmulatorResponse(204, "text/plain; charset=utf-8", new byte[0], CORS);
            case "POST /_emulator/jssdk/verify":
                return verifyRequest(req);
            default:
                return new EmulatorResponse(404, "application/json; charset=utf-8",
                        ("{\"errcode\":404,\"errmsg\":\"no such JS-SDK route\"}").getBytes(StandardCharsets.UTF_8), CORS);
        }
    }

    private EmulatorResponse verifyRequest(EmulatorRequest req) {
        JsonNode body;
        try {
            body = json.readTree(req.body());
        } catch (JacksonException e) {
            body = null;
        }
        ObjectNode out = json.createObjectNode();
        if (body == null || !body.isObject()) {
            out.put("errMsg", "config:fail, the verify call needs a JSON object");
            out.put("errcode", 40058);
            return new EmulatorResponse(400, "application/json; charset=utf-8", json.writeValueAsBytes(out), CORS);
        }
        String api = "agentConfig".equals(text(body, "api")) ? "agentConfig" : "config";
        Verdict verdict = verify(api, text(body, "href"), body);
        counters.increment("jssdk " + api + (verdict.ok() ? " ok" : " failed " + verdict.errcode()));
        out.put("errMsg", verdict.errMsg());
        out.put("errcode", verdict.errcode());
        return new EmulatorResponse(200, "application/json; charset=utf-8", json.writeValueAsBytes(out), CORS);
    }

    private static boolean onTrustedDomain(String page, String trustedDomain) {
        try {
            return io.github.wecom4j.emulator.corp.TrustedDomain.matches(trustedDomain, new URI(page));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Optional<Integer> parseAgentId(String s) {
        try {
            return s == null ? Optional.empty() : Optional.of(Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String withoutFragment(String href) {
        int i = href.indexOf('#');
        return i < 0 ? href : href.substring(0, i);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asString();
    }

    private static byte[] loadScript() {
        try (InputStream in = JsSdkStandIn.class.getResourceAsStream("jweixin.js")) {
            if (in == null) {
                throw new IllegalStateException("jweixin.js missing from the emulator's classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
