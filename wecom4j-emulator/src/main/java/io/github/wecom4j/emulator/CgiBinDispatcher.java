package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.http.EmulatorRequest;
import io.github.wecom4j.emulator.http.EmulatorResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The pipeline every {@code /cgi-bin/*} call goes through, in WeCom's order: count, injected
 * faults, HTTP method, access-token check (41001 / 40014 / 42001), then the route. Errors carry
 * WeCom's errmsg shape ({@code "<text>, hint: [...], from ip: ..., more info at ...?e=<code>"}).
 */
final class CgiBinDispatcher implements ApiRoutes {

    /** A route answering something other than JSON on success (a file download). */
    @FunctionalInterface
    interface RawRoute {
        EmulatorResponse handle(ApiCall call);
    }

    private record Route(String method, boolean needsToken, ApiRoute handler, RawRoute raw) {
        Route(String method, boolean needsToken, ApiRoute handler) {
            this(method, needsToken, handler, null);
        }
    }

    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final JsonMapper json;
    private final TokenAuthority tokens;
    private final FaultInjector faults;
    private final EmulatorCounters counters;
    private final VirtualClock clock;

    CgiBinDispatcher(JsonMapper json, TokenAuthority tokens, FaultInjector faults, EmulatorCounters counters,
                     VirtualClock clock) {
        this.json = json;
        this.tokens = tokens;
        this.faults = faults;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void get(String path, ApiRoute handler) {
        routes.put(path, new Route("GET", true, handler));
    }

    @Override
    public void post(String path, ApiRoute handler) {
        routes.put(path, new Route("POST", true, handler));
    }

    /** A GET that answers raw bytes on success and WeCom's JSON error otherwise (media/get). */
    void getRaw(String path, RawRoute handler) {
        routes.put(path, new Route("GET", true, null, handler));
    }

    /** A multipart POST: the body is handed over as bytes, not parsed as JSON (media/upload). */
    void postMultipart(String path, ApiRoute handler) {
        routes.put(path, new Route("MULTIPART", true, handler));
    }

    void getWithoutToken(String path, ApiRoute handler) {
        routes.put(path, new Route("GET", false, handler));
    }

    java.util.Set<String> paths() {
        return java.util.Set.copyOf(routes.keySet());
    }

    EmulatorResponse serve(EmulatorRequest request) {
        String path = request.path();
        counters.increment("calls " + path);
        try {
            return dispatch(request, path);
        } catch (ApiError e) {
            counters.increment("errors " + e.errcode());
            return EmulatorResponse.json(200, json.writeValueAsBytes(error(e.errcode(), e.errmsg(), request.remoteIp())));
        }
    }

    /** True if the JSON text holds a backslash-u escape (a literal backslash is written as two and is skipped). */
    static boolean holdsUnicodeEscape(byte[] json) {
        for (int i = 0; i < json.length - 1; i++) {
            if (json[i] == '\\') {
                if (json[i + 1] == 'u') {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    private EmulatorResponse dispatch(EmulatorRequest request, String path) {
        Route route = routes.get(path);
        if (route == null) {
            throw new ApiError(48001, "api forbidden (not served by the emulator): " + path);
        }
        FaultInjector.Fault fault = faults.before(path);
        if (fault != null) {
            counters.increment("faults injected");
            throw new ApiError(fault.errcode(), fault.errmsg());
        }
        boolean multipart = route.method().equals("MULTIPART");
        String method = multipart ? "POST" : route.method();
        if (!method.equals(request.method())) {
            throw new ApiError(40063, "http method must be " + method);
        }
        TokenAuthority.Scope scope = null;
        if (route.needsToken()) {
            scope = tokens.authenticate(request.param("access_token")).scope();
        }
        JsonNode body = json.createObjectNode();
        if (!multipart && "POST".equals(request.method()) && request.body().length > 0) {
            if (holdsUnicodeEscape(request.body())) {
                // Doc 90313: 40033, "不能包含\\uxxxx格式的字符": any \\u escape, even of a character
                // that needed none, is refused.
                throw new ApiError(40033, "invalid charset. please check your request, if include \\uxxxx will create fail!");
            }
            try {
                body = json.readTree(request.body());
            } catch (JacksonException e) {
                throw new ApiError(40058, "invalid json body, Warning: wrong json format.");
            }
            if (body == null || !body.isObject()) {
                throw new ApiError(40058, "json body must be an object, Warning: wrong json format.");
            }
        }
        ApiCall call = new ApiCall(request, scope, body);
        EmulatorResponse response;
        if (route.raw() != null) {
            response = route.raw().handle(call);
        } else {
            ObjectNode result = route.handler().handle(call);
            ObjectNode out = json.createObjectNode();
            out.put("errcode", 0);
            out.put("errmsg", "ok");
            out.setAll(result);
            response = EmulatorResponse.json(200, json.writeValueAsBytes(out));
        }
        faults.afterServed(path);
        if (faults.loseAnswer(path)) {
            counters.increment("answers lost");
            return EmulatorResponse.text(502, "Bad Gateway");
        }
        if (faults.bareAnswer(path)) {
            counters.increment("answers stripped");
            return EmulatorResponse.json(200, "{\"errcode\":0,\"errmsg\":\"ok\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return response;
    }

    private ObjectNode error(int errcode, String text, String ip) {
        ObjectNode out = json.createObjectNode();
        out.put("errcode", errcode);
        out.put("errmsg", text + ", hint: [" + clock.epochSecond() + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt())
                + "], from ip: " + ip + ", more info at https://open.work.weixin.qq.com/devtool/query?e=" + errcode);
        return out;
    }
}
