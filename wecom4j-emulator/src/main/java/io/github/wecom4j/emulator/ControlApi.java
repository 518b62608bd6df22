package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.http.EmulatorHttpServer;
import io.github.wecom4j.emulator.http.EmulatorRequest;
import io.github.wecom4j.emulator.http.EmulatorResponse;
import io.github.wecom4j.emulator.jssdk.BridgePage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;

/**
 * {@code /_emulator/*}: the test's and the console's handle on the emulator, over HTTP so a
 * standalone emulator is as controllable as an in-process one.
 *
 * <pre>
 * GET  /_emulator/state                  corp summary (no secrets), clock, fault settings
 * GET  /_emulator/counters               calls per path and named events
 * POST /_emulator/clock/advance          {"seconds": 7200}
 * POST /_emulator/tokens/revoke          {"token": "..."} or {} for all tokens
 * POST /_emulator/faults                 {"errorRate": 0.3, "seed": 1, "latencyMs": 0,
 *                                         "failNext": {"count": 2, "errcode": 40014, "path": "/cgi-bin/..."},
 *                                         "delayNext": {"count": 1, "ms": 1500, "path": "/cgi-bin/..."},
 *                                         "loseAnswerNext": {"count": 1, "path": "/cgi-bin/..."},
 *                                         "delayAnswerNext": {"count": 1, "ms": 1500, "path": "/cgi-bin/..."}}
 *                                        (loseAnswerNext: served in full, then answered HTTP 502;
 *                                         delayAnswerNext: served at once, answered late: a stale read)
 * DELETE /_emulator/faults               no more faults
 * POST /_emulator/reset                  tokens, faults, counters, clock back to a fresh start
 * POST /_emulator/apps/trusted-domain  {"agentid": 1000002, "domain": "localhost:8080"} (exact, port included)
 * POST /_emulator/callbacks/url          {"agentid": 1000002, "url": "https://app.example/wecom/callback"}
 * POST /_emulator/callbacks/verify       {"agentid": 1000002}: GET with an echostr, as WeCom does
 * POST /_emulator/callbacks/text         {"agentid", "from": "lisi", "content": "hi", "copies": 1}
 * POST /_emulator/callbacks/event        {"agentid", "from", "event": "enter_agent", "eventKey": ""}
 * GET  /_emulator/callbacks              the deliveries so far
 * POST /_emulator/jssdk/events           {"name": "onNetworkStatusChange", "data": {...}, "page": "optional page id"}:
 *                                        an event for the pages opened with bridge.js (their WeixinJSBridge.on handlers)
 * GET  /_emulator/jssdk/pages            those pages: client version, successful configs, calls and answers
 * </pre>
 * Bad input answers 400 with {@code errcode} 40035 and a message.
 */
final class ControlApi {

    private final WeComEmulator emulator;
    private final JsonMapper json;

    ControlApi(WeComEmulator emulator, JsonMapper json) {
        this.emulator = emulator;
        this.json = json;
    }

    void register(EmulatorHttpServer server) {
        server.route("/_emulator/*", this::serve);
    }

    private EmulatorResponse serve(EmulatorRequest req) {
        String route = req.method() + " " + req.path();
        try {
            JsonNode body = req.body().length == 0 ? json.createObjectNode() : json.readTree(req.body());
            ObjectNode out = switch (route) {
                case "GET /_emulator/state" -> state();
                case "GET /_emulator/counters" -> counters();
                case "POST /_emulator/clock/advance" -> advance(body);
                case "POST /_emulator/tokens/revoke" -> revoke(body);
                case "POST /_emulator/faults" -> faults(body);
                case "DELETE /_emulator/faults" -> {
                    emulator.faults().clear();
                    yield ok();
                }
                case "POST /_emulator/apps/trusted-domain" -> {
                    emulator.trustedDomain((int) requireLong(body, "agentid"), requireText(body, "domain"));
                    yield ok();
                }
                case "POST /_emulator/callbacks/url" -> {
                    emulator.callbacks().callbackUrl((int) requireLong(body, "agentid"), requireText(body, "url"));
                    yield ok();
                }
                case "POST /_emulator/callbacks/verify" -> delivery(emulator.callbacks().verifyUrl((int) requireLong(body, "agentid")));
                case "POST /_emulator/callbacks/text" -> delivery(emulator.callbacks().pushText((int) requireLong(body, "agentid"),
                        requireText(body, "from"), requireText(body, "content"),
                        body.has("copies") ? (int) requireRange(body, "copies", 1, 10) : 1));
                case "POST /_emulator/callbacks/event" -> delivery(emulator.callbacks().pushEvent((int) requireLong(body, "agentid"),
                        requireText(body, "from"), requireText(body, "event"), body.path("eventKey").asString("")));
                case "GET /_emulator/callbacks" -> deliveries();
                case "POST /_emulator/jssdk/events" -> jssdkEvent(body);
                case "GET /_emulator/jssdk/pages" -> jssdkPages();
                case "POST /_emulator/reset" -> {
                    emulator.reset();
                    yield ok();
                }
                default -> null;
            };
            if (out == null) {
                return EmulatorResponse.json(404, json.writeValueAsBytes(problem(404, "unknown control route " + route)));
            }
            return EmulatorResponse.json(200, json.writeValueAsBytes(out));
        } catch (JacksonException | IllegalArgumentException e) {
            return EmulatorResponse.json(400, json.writeValueAsBytes(problem(40035, e.getMessage())));
        }
    }

    private ObjectNode state() {
        EmulatedCorp corp = emulator.corp();
        ObjectNode out = ok();
        out.put("corpid", corp.corpId());
        out.put("name", corp.name());
        out.put("departments", corp.departments().size());
        out.put("members", corp.members().size());
        var apps = out.putArray("apps");
        for (EmulatedApp a : corp.apps()) {
            ObjectNode n = apps.addObject();
            n.put("agentid", a.agentId());
            n.put("name", a.name());
            n.put("trusted_domain", a.trustedDomain());
        }
        out.put("now", emulator.clock().instant().toString());
        out.put("clock_offset_seconds", emulator.clock().offset().toSeconds());
        out.put("error_rate", emulator.faults().errorRate());
        out.put("latency_ms", emulator.faults().latencyMillis());
        return out;
    }

    private ObjectNode counters() {
        ObjectNode out = ok();
        ObjectNode c = out.putObject("counters");
        emulator.counters().snapshot().forEach(c::put);
        out.put("tokens_issued", emulator.tokens().issuedCount());
        out.put("faults_injected", emulator.faults().injected());
        return out;
    }

    private ObjectNode advance(JsonNode body) {
        long seconds = requireRange(body, "seconds", 0, 10L * 366 * 24 * 3600);
        emulator.clock().advance(Duration.ofSeconds(seconds));
        ObjectNode out = ok();
        out.put("now", emulator.clock().instant().toString());
        return out;
    }

    private ObjectNode revoke(JsonNode body) {
        ObjectNode out = ok();
        JsonNode token = body.path("token");
        if (token.isString()) {
            out.put("revoked", emulator.tokens().revoke(token.asString()) ? 1 : 0);
        } else {
            out.put("revoked", emulator.tokens().revokeAll());
        }
        return out;
    }

    private ObjectNode faults(JsonNode body) {
        FaultInjector f = emulator.faults();
        if (body.has("errorRate")) {
            f.errorRate(body.path("errorRate").asDouble(0), body.path("seed").asLong(42));
        }
        if (body.has("latencyMs")) {
            f.latencyMillis(requireLong(body, "latencyMs"));
        }
        JsonNode next = body.path("failNext");
        if (next.isObject()) {
            String path = next.path("path").isString() ? next.path("path").asString() : null;
            f.failNext((int) requireLong(next, "count"), (int) requireLong(next, "errcode"), path);
        }
        JsonNode delay = body.path("delayNext");
        if (delay.isObject()) {
            String path = delay.path("path").isString() ? delay.path("path").asString() : null;
            f.delayNext((int) requireRange(delay, "count", 0, 100_000), requireRange(delay, "ms", 0, 600_000), path);
        }
        JsonNode late = body.path("delayAnswerNext");
        if (late.isObject()) {
            String path = late.path("path").isString() ? late.path("path").asString() : null;
            f.delayAnswerNext((int) requireRange(late, "count", 0, 100_000), requireRange(late, "ms", 0, 600_000), path);
        }
        JsonNode lose = body.path("loseAnswerNext");
        if (lose.isObject()) {
            String path = lose.path("path").isString() ? lose.path("path").asString() : null;
            f.loseAnswerNext((int) requireRange(lose, "count", 0, 100_000), path);
        }
        JsonNode bare = body.path("bareAnswerNext");
        if (bare.isObject()) {
            String path = bare.path("path").isString() ? bare.path("path").asString() : null;
            f.bareAnswerNext((int) requireRange(bare, "count", 0, 100_000), path);
        }
        return ok();
    }

    private ObjectNode deliveries() {
        ObjectNode out = ok();
        var arr = out.putArray("deliveries");
        emulator.callbacks().deliveries().forEach(d -> arr.add(deliveryNode(d)));
        return out;
    }

    private ObjectNode delivery(io.github.wecom4j.emulator.callback.CallbackPusher.Delivery d) {
        ObjectNode out = ok();
        out.setAll(deliveryNode(d));
        return out;
    }

    private ObjectNode deliveryNode(io.github.wecom4j.emulator.callback.CallbackPusher.Delivery d) {
        ObjectNode n = json.createObjectNode();
        n.put("agentid", d.agentId());
        n.put("kind", d.kind());
        n.put("delivered", d.delivered());
        n.put("attempts", d.attempts());
        var outcomes = n.putArray("outcomes");
        d.outcomes().forEach(outcomes::add);
        return n;
    }

    private ObjectNode jssdkEvent(JsonNode body) {
        JsonNode data = body.path("data");
        JsonNode page = body.path("page");
        if (!(data.isMissingNode() || data.isObject()) || !(page.isMissingNode() || page.isString())) {
            throw new IllegalArgumentException("'data' must be an object and 'page' a page id from GET /_emulator/jssdk/pages");
        }
        int pages = emulator.jsBridge().fire(requireText(body, "name"), data.isObject() ? data : null,
                page.isString() ? page.asString() : null);
        ObjectNode out = ok();
        out.put("pages", pages);
        return out;
    }

    private ObjectNode jssdkPages() {
        ObjectNode out = ok();
        ArrayNode arr = out.putArray("pages");
        for (BridgePage p : emulator.jsBridge().pages()) {
            ObjectNode n = arr.addObject();
            n.put("page", p.id());
            n.put("client", p.client().text());
            n.put("opened", p.opened().toString());
            ArrayNode handshakes = n.putArray("handshakes");
            for (BridgePage.Handshake h : p.handshakes()) {
                ObjectNode hn = handshakes.addObject();
                hn.put("api", h.api());
                hn.put("url", h.url());
                h.jsApiList().forEach(hn.putArray("jsApiList")::add);
            }
            ArrayNode calls = n.putArray("calls");
            for (BridgePage.Call c : p.calls()) {
                ObjectNode cn = calls.addObject();
                cn.put("name", c.name());
                cn.put("url", c.url());
                cn.put("err_msg", c.errMsg());
            }
        }
        return out;
    }

    private static String requireText(JsonNode body, String field) {
        JsonNode n = body.path(field);
        if (!n.isString() || n.asString().isEmpty()) {
            throw new IllegalArgumentException("'" + field + "' must be a non-empty string");
        }
        return n.asString();
    }

    private static long requireRange(JsonNode body, String field, long min, long max) {
        long v = requireLong(body, field);
        if (v < min || v > max) {
            throw new IllegalArgumentException("'" + field + "' must be between " + min + " and " + max);
        }
        return v;
    }

    private static long requireLong(JsonNode body, String field) {
        JsonNode n = body.path(field);
        if (!n.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be an integer");
        }
        return n.asLong();
    }

    private ObjectNode ok() {
        ObjectNode out = json.createObjectNode();
        out.put("errcode", 0);
        out.put("errmsg", "ok");
        return out;
    }

    private ObjectNode problem(int code, String message) {
        ObjectNode out = json.createObjectNode();
        out.put("errcode", code);
        out.put("errmsg", message == null ? "bad request" : message);
        return out;
    }
}
