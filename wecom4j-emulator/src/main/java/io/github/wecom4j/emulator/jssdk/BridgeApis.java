package io.github.wecom4j.emulator.jssdk;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The JS-APIs the emulated client answers, by their client names (what {@code WeixinJSBridge.invoke}
 * receives): the harmless ones a page uses to find its footing. Anything else answers
 * {@code <name>:function not exist}, as a client that lacks the API does; the real client knows
 * hundreds more (contacts pickers, scanning, sharing, ...), which need a person and a phone.
 *
 * <p>Answers follow the client's wire format ({@code err_msg}, which the SDKs turn into
 * {@code errMsg}); {@code getNetworkType} answers in the classic form {@code network_type:wifi},
 * which both {@code jweixin-1.2.0.js} and {@code @wecom/jssdk} read.
 */
final class BridgeApis {

    private final JsonMapper json;
    private final Map<String, BiFunction<String, JsonNode, ObjectNode>> answers;

    BridgeApis(JsonMapper json) {
        this.json = json;
        this.answers = Map.ofEntries(
                Map.entry("checkJsApi", this::checkJsApi),
                Map.entry("getNetworkType", (name, params) -> errMsg("network_type:wifi")),
                Map.entry("getContext", (name, params) -> ok(name).put("entry", "normal")),
                Map.entry("hideOptionMenu", (name, params) -> ok(name)),
                Map.entry("showOptionMenu", (name, params) -> ok(name)),
                Map.entry("hideMenuItems", (name, params) -> ok(name)),
                Map.entry("showMenuItems", (name, params) -> ok(name)),
                Map.entry("hideAllNonBaseMenuItem", (name, params) -> ok(name)),
                Map.entry("showAllNonBaseMenuItem", (name, params) -> ok(name)),
                Map.entry("closeWindow", (name, params) -> ok(name)));
    }

    boolean knows(String name) {
        return answers.containsKey(name);
    }

    Set<String> names() {
        return new TreeSet<>(answers.keySet());
    }

    Optional<ObjectNode> answer(String name, JsonNode params) {
        return Optional.ofNullable(answers.get(name)).map(f -> f.apply(name, params));
    }

    /** {@code checkResult}: for each name asked about, whether this client has it. */
    private ObjectNode checkJsApi(String name, JsonNode params) {
        ObjectNode out = ok(name);
        ObjectNode result = out.putObject("checkResult");
        for (String api : JsBridge.stringList(params.path("jsApiList"))) {
            result.put(api, knows(api) || "preVerifyJSAPI".equals(api) || "agentConfig".equals(api));
        }
        return out;
    }

    private ObjectNode ok(String name) {
        return errMsg(name + ":ok");
    }

    private ObjectNode errMsg(String text) {
        ObjectNode out = json.createObjectNode();
        out.put("err_msg", text);
        return out;
    }
}
