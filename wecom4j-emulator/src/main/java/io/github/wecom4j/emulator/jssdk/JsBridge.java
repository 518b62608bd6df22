package io.github.wecom4j.emulator.jssdk;

import io.github.wecom4j.emulator.EmulatorCounters;
import io.github.wecom4j.emulator.VirtualClock;
import io.github.wecom4j.emulator.http.EmulatorHttpServer;
import io.github.wecom4j.emulator.http.EmulatorRequest;
import io.github.wecom4j.emulator.http.EmulatorResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The WeCom client's side of a page's JS-SDK: the {@code WeixinJSBridge} it injects, so that
 * Tencent's current {@code @wecom/jssdk} (and {@code jweixin}) run unmodified against the emulator.
 * <pre>
 * GET  /_emulator/jssdk/bridge.js            defines WeixinJSBridge (invoke, on, call) and fires WeixinJSBridgeReady,
 *                                            for a user agent with "wxwork/&lt;version&gt;"; a no-op script otherwise
 * POST /_emulator/jssdk/bridge/invoke        what the script sends for each invoke: {page, href, name, params}
 * GET  /_emulator/jssdk/bridge/events        ?page=&amp;after=: the script's long poll for events
 * </pre>
 * Tests drive it through {@link #fire} and {@link #pages} (over HTTP: the control API's
 * {@code POST /_emulator/jssdk/events} and {@code GET /_emulator/jssdk/pages}).
 *
 * <p>What the client does with an invoke (read from {@code @wecom/jssdk} 2.x, which sends these):
 * <ul>
 *   <li>{@code preVerifyJSAPI} {appId, verifyAppId, verifyJsApiList, verifyTimestamp, verifyNonceStr,
 *   verifySignature, ...}: the corp config, checked by {@link ConfigCheck} against the corp's
 *   jsapi_tickets and the page's real URL;</li>
 *   <li>{@code agentConfig} {corpid, agentid, timestamp, nonceStr, signature, jsApiList}: the app
 *   config, against that app's agent_config ticket. Before WeCom 3.0.24 it needs a successful
 *   preVerifyJSAPI on the same URL first; before 2.5.0 it does not exist (doc 94313);</li>
 *   <li>any other API carries the {@code verify*} fields of the config the SDK made; they must be
 *   those of a successful handshake on this page <em>for the URL the page has now</em>, and the API
 *   must be in that handshake's jsApiList, else {@code <api>:permission denied}. An API the emulator
 *   does not know answers {@code <api>:function not exist} (see {@link BridgeApis}).</li>
 * </ul>
 * Answers use the client's wire names ({@code err_msg}, {@code err_code} on a failed handshake);
 * failures add {@code emulator_hint}, which the real client does not send, saying what to change.
 */
public final class JsBridge {

    /** Pages remembered at once; the oldest is forgotten first. */
    static final int MAX_PAGES = 256;
    /** Longest wait of an event poll: under the usual proxy and browser idle timeouts. */
    static final Duration MAX_POLL = Duration.ofSeconds(25);

    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9:_.]{0,63}");
    private static final Pattern PAGE_ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final int MAX_HREF = 4096;
    private static final int MAX_LIST = 200;
    private static final String NO_BRIDGE = "/* wecom4j emulator: this page's user agent has no \"wxwork/<version>\", so,"
            + " like any browser outside the WeCom client, it gets no WeixinJSBridge. */\n"
            + "console.info('[wecom4j emulator] not a WeCom user agent: no WeixinJSBridge');\n";

    private final ConfigCheck check;
    private final JsonMapper json;
    private final EmulatorCounters counters;
    private final VirtualClock clock;
    private final BridgeApis apis;
    private final String script;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, BridgePage> pages = new LinkedHashMap<>();

    public JsBridge(ConfigCheck check, JsonMapper json, EmulatorCounters counters, VirtualClock clock) {
        this.check = check;
        this.json = json;
        this.counters = counters;
        this.clock = clock;
        this.apis = new BridgeApis(json);
        this.script = new String(Scripts.load("bridge.js"), StandardCharsets.UTF_8);
    }

    public void register(EmulatorHttpServer server) {
        server.route("/_emulator/jssdk/bridge.js", req -> "GET".equals(req.method()) ? bridgeScript(req)
                : Scripts.methodNotAllowed(req));
        server.route("/_emulator/jssdk/bridge/invoke", req -> switch (req.method()) {
            case "OPTIONS" -> Scripts.preflight();
            case "POST" -> invokeRequest(req);
            default -> Scripts.methodNotAllowed(req);
        });
        server.route("/_emulator/jssdk/bridge/events", req -> "GET".equals(req.method()) ? pollRequest(req)
                : Scripts.methodNotAllowed(req));
    }

    /**
     * Pushes an event to the pages that listen for it with {@code WeixinJSBridge.on(name)} (through
     * the SDK: {@code ww.onNetworkStatusChange}, {@code ww.onHistoryBack}, ...).
     *
     * @param pageId one page, or null for every page the emulator knows
     * @return how many pages it was queued for
     */
    public int fire(String name, JsonNode data, String pageId) {
        if (name == null || !API_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'name' must be an event name such as onNetworkStatusChange");
        }
        List<BridgePage> to = new ArrayList<>();
        synchronized (pages) {
            if (pageId != null) {
                Optional.ofNullable(pages.get(pageId)).ifPresent(to::add);
            } else {
                to.addAll(pages.values());
            }
        }
        JsonNode payload = data == null ? json.createObjectNode() : data.deepCopy();
        to.forEach(p -> p.push(name, payload));
        counters.add("jssdk bridge events", to.size());
        return to.size();
    }

    /** The pages opened in the emulated client, oldest first. */
    public List<BridgePage> pages() {
        synchronized (pages) {
            return List.copyOf(pages.values());
        }
    }

    /** Forgets every page; their event polls return at once and stop. */
    public void reset() {
        List<BridgePage> gone;
        synchronized (pages) {
            gone = List.copyOf(pages.values());
            pages.clear();
        }
        gone.forEach(BridgePage::close);
    }

    // --- the script ---

    private EmulatorResponse bridgeScript(EmulatorRequest req) {
        Optional<ClientVersion> client = ClientVersion.fromUserAgent(req.header("User-Agent"));
        if (client.isEmpty()) {
            counters.increment("jssdk bridge not wecom");
            return new EmulatorResponse(200, Scripts.CONTENT_TYPE, NO_BRIDGE.getBytes(StandardCharsets.UTF_8), Scripts.CORS);
        }
        BridgePage page = open(client.get());
        return new EmulatorResponse(200, Scripts.CONTENT_TYPE,
                script.replace("__WECOM4J_PAGE__", page.id()).getBytes(StandardCharsets.UTF_8), Scripts.CORS);
    }

    private BridgePage open(ClientVersion client) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        BridgePage page = new BridgePage(Base64.getUrlEncoder().withoutPadding().encodeToString(id), client, clock.instant());
        BridgePage evicted = null;
        synchronized (pages) {
            pages.put(page.id(), page);
            if (pages.size() > MAX_PAGES) {
                String oldest = pages.keySet().iterator().next();
                evicted = pages.remove(oldest);
            }
        }
        if (evicted != null) {
            evicted.close();
        }
        counters.increment("jssdk bridge pages");
        return page;
    }

    private Optional<BridgePage> page(String id) {
        if (id == null || !PAGE_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        synchronized (pages) {
            return Optional.ofNullable(pages.get(id));
        }
    }

    // --- invoke ---

    private EmulatorResponse invokeRequest(EmulatorRequest req) {
        JsonNode body = readObject(req);
        String name = body == null ? null : Scripts.text(body, "name");
        String href = body == null ? null : Scripts.text(body, "href");
        if (name == null || !API_NAME.matcher(name).matches() || href == null || href.length() > MAX_HREF
                || !body.path("params").isObject()) {
            return answer(400, failure("invoke:fail", "the bridge sends {page, href, name, params}: a JS-API name,"
                    + " the page's location.href (at most " + MAX_HREF + " characters) and an object of parameters"));
        }
        Optional<BridgePage> page = page(Scripts.text(body, "page"));
        if (page.isEmpty()) {
            return answer(200, failure(name + ":fail", "the emulator does not know this page (it was reset or"
                    + " restarted): reload the page"));
        }
        ObjectNode out = invoke(page.get(), href, name, body.path("params"));
        String errMsg = out.path("err_msg").asString("");
        page.get().called(new BridgePage.Call(name, ConfigCheck.withoutFragment(href), errMsg));
        return answer(200, out);
    }

    private ObjectNode invoke(BridgePage page, String href, String name, JsonNode params) {
        return switch (name) {
            case "preVerifyJSAPI" -> preVerify(page, href, params);
            case "agentConfig" -> agentConfig(page, href, params);
            default -> call(page, ConfigCheck.withoutFragment(href), name, params);
        };
    }

    private ObjectNode preVerify(BridgePage page, String href, JsonNode p) {
        String corpId = firstText(p, "verifyAppId", "appId");
        return handshake(page, href, "preVerifyJSAPI", p.path("verifyJsApiList"), new ConfigCheck.Attempt(
                JsApiTicketAuthority.Kind.JSAPI, href, corpId, null, Scripts.text(p, "verifyTimestamp"),
                Scripts.text(p, "verifyNonceStr"), Scripts.text(p, "verifySignature")));
    }

    private ObjectNode agentConfig(BridgePage page, String href, JsonNode p) {
        if (page.client().before(ClientVersion.AGENT_CONFIG)) {
            counters.increment("jssdk bridge agentConfig function not exist");
            return failure("agentConfig:function not exist", "WeCom " + page.client() + " has no agentConfig:"
                    + " it exists from " + ClientVersion.AGENT_CONFIG + " (doc 94313)");
        }
        String url = ConfigCheck.withoutFragment(href);
        if (page.client().before(ClientVersion.AGENT_CONFIG_ALONE) && page.handshakeFor("preVerifyJSAPI", url).isEmpty()) {
            counters.increment("jssdk bridge agentConfig before config");
            return failure("agentConfig:permission denied", "WeCom " + page.client() + " (before "
                    + ClientVersion.AGENT_CONFIG_ALONE + ") needs a successful wx.config (preVerifyJSAPI) on " + url
                    + " before agentConfig (doc 94313)");
        }
        return handshake(page, href, "agentConfig", p.path("jsApiList"), new ConfigCheck.Attempt(
                JsApiTicketAuthority.Kind.AGENT_CONFIG, href, Scripts.text(p, "corpid"),
                Scripts.text(p, "agentid"), Scripts.text(p, "timestamp"), Scripts.text(p, "nonceStr"),
                Scripts.text(p, "signature")));
    }

    private ObjectNode handshake(BridgePage page, String href, String api, JsonNode jsApiList, ConfigCheck.Attempt attempt) {
        ConfigCheck.Verdict verdict = check.check(attempt);
        counters.increment("jssdk bridge " + api + (verdict.ok() ? " ok" : " failed " + verdict.errcode()));
        if (!verdict.ok()) {
            ObjectNode out = failure(verdict.errMsg(api), hint(verdict, attempt));
            out.put("err_code", verdict.errcode());
            return out;
        }
        page.handshake(new BridgePage.Handshake(api, ConfigCheck.withoutFragment(href), attempt.timestamp(),
                attempt.nonceStr(), attempt.signature(),
                Collections.unmodifiableSet(new LinkedHashSet<>(stringList(jsApiList)))));
        ObjectNode out = json.createObjectNode();
        out.put("err_msg", verdict.errMsg(api));
        return out;
    }

    private String hint(ConfigCheck.Verdict verdict, ConfigCheck.Attempt a) {
        String url = ConfigCheck.withoutFragment(a.pageHref());
        boolean agent = a.kind() == JsApiTicketAuthority.Kind.AGENT_CONFIG;
        return switch (verdict.errcode()) {
            case 40013 -> "the corp id passed is not the corp the client is logged in to";
            case 40056 -> "the agentid passed is not an app of this corp";
            case 80001 -> "the page's host is not a trusted domain of " + (agent ? "the app" : "any app of the corp");
            default -> "the signature is not SHA-1 of jsapi_ticket=<" + (agent ? "the app's live agent_config ticket"
                    : "a live jsapi_ticket of the corp") + ">&noncestr=<nonceStr>&timestamp=<timestamp>&url=" + url
                    + " (the page's URL now, without #fragment)";
        };
    }

    private ObjectNode call(BridgePage page, String url, String name, JsonNode params) {
        if (!apis.knows(name)) {
            counters.increment("jssdk bridge call function not exist");
            return failure(name + ":function not exist", "the emulated client answers " + apis.names()
                    + ", preVerifyJSAPI and agentConfig; a real client knows more");
        }
        Optional<BridgePage.Handshake> by = page.signing(url, Scripts.text(params, "verifyTimestamp"),
                Scripts.text(params, "verifyNonceStr"), Scripts.text(params, "verifySignature"));
        if (by.isEmpty()) {
            counters.increment("jssdk bridge call permission denied");
            boolean elsewhere = page.handshakes().stream().anyMatch(h -> !h.url().equals(url));
            return failure(name + ":permission denied", elsewhere
                    ? "the page's URL changed since its config: nothing configured " + url + " yet; config again for it"
                    : "no successful config or agentConfig on this page carries the verify fields of this call");
        }
        if (!by.get().jsApiList().contains(name)) {
            counters.increment("jssdk bridge call permission denied");
            return failure(name + ":permission denied", "'" + name + "' is not in the jsApiList of the " + by.get().api()
                    + " that succeeded: " + by.get().jsApiList());
        }
        counters.increment("jssdk bridge call ok");
        return apis.answer(name, params).orElseThrow();
    }

    // --- events ---

    private EmulatorResponse pollRequest(EmulatorRequest req) {
        Optional<BridgePage> page = page(req.param("page"));
        if (page.isEmpty()) {
            return answer(404, problem(404, "the emulator does not know this page"));
        }
        long after = parseLong(req.param("after"), 0, Long.MAX_VALUE, 0);
        long waitSeconds = parseLong(req.param("wait"), 0, MAX_POLL.toSeconds(), MAX_POLL.toSeconds());
        List<BridgePage.Event> events;
        try {
            events = page.get().after(after, Duration.ofSeconds(waitSeconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return answer(503, problem(503, "the emulator is stopping"));
        }
        if (events.isEmpty() && page.get().closed()) {
            return answer(404, problem(404, "the emulator forgot this page"));
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode arr = out.putArray("events");
        for (BridgePage.Event e : events) {
            ObjectNode n = arr.addObject();
            n.put("seq", e.seq());
            n.put("name", e.name());
            n.set("data", e.data());
        }
        return answer(200, out);
    }

    // --- helpers ---

    /** A list parameter as pages pass it: an array of names or one string joined with ';' or ','. */
    static List<String> stringList(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode n : node) {
                if (n.isString() && out.size() < MAX_LIST) {
                    out.add(n.asString());
                }
            }
        } else if (node.isString()) {
            for (String s : node.asString().split("[;,]")) {
                if (!s.isBlank() && out.size() < MAX_LIST) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    private JsonNode readObject(EmulatorRequest req) {
        if (req.body().length == 0 || req.body().length > Scripts.MAX_BODY) {
            return null;
        }
        try {
            JsonNode node = json.readTree(req.body());
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String f : fields) {
            String v = Scripts.text(node, f);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static long parseLong(String s, long min, long max, long fallback) {
        try {
            return s == null ? fallback : Math.max(min, Math.min(max, Long.parseLong(s)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private ObjectNode failure(String errMsg, String hint) {
        ObjectNode out = json.createObjectNode();
        out.put("err_msg", errMsg);
        out.put("emulator_hint", hint);
        return out;
    }

    private ObjectNode problem(int code, String message) {
        ObjectNode out = json.createObjectNode();
        out.put("errcode", code);
        out.put("errmsg", message);
        return out;
    }

    private EmulatorResponse answer(int status, ObjectNode body) {
        return new EmulatorResponse(status, "application/json; charset=utf-8", json.writeValueAsBytes(body),
                Scripts.CORS);
    }

    /** The JS-APIs the emulated client answers besides preVerifyJSAPI and agentConfig. */
    public Set<String> answeredApis() {
        return apis.names();
    }
}
