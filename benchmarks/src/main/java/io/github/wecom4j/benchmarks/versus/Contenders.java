package io.github.wecom4j.benchmarks.versus;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.WeComConfig;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.http.WeComHosts;
import io.github.wecom4j.http.WeComJson;
import me.chanjar.weixin.cp.api.WxCpService;
import me.chanjar.weixin.cp.api.impl.WxCpServiceImpl;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.UnaryOperator;

/** The clients compared, each pointed at the same emulator and built with its defaults. */
final class Contenders {

    static final String WECOM4J = "wecom4j";
    static final String WXJAVA = "WxJava";

    private Contenders() {
    }

    /** One contender's call, made by many threads at once. */
    interface Call {
        void run() throws Exception;
    }

    /** wecom4j with its defaults; {@code tune} may change what a comparison needs (e.g. the transport). */
    static WeComClient wecom4j(URI emulator, UnaryOperator<WeComConfig.Builder> tune) {
        return WeComClient.create(tune.apply(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(WeComHosts.allAt(emulator))
                .app(DemoCorp.APPROVALS_AGENT_ID, DemoCorp.APPROVALS_SECRET, "approvals")
                .contactsSecret(DemoCorp.CONTACTS_SECRET)).build());
    }

    /**
     * How many departments {@code department/list} answers at {@code server}, counted once with a
     * plain JSON tree: every contender's result is checked against it.
     */
    static int departmentCount(URI server, String corpId, String secret) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        JsonNode token = WeComJson.mapper().readTree(http.send(HttpRequest.newBuilder(URI.create(server
                + "/cgi-bin/gettoken?corpid=" + corpId + "&corpsecret=" + secret)).build(), HttpResponse.BodyHandlers.ofByteArray()).body());
        JsonNode list = WeComJson.mapper().readTree(http.send(HttpRequest.newBuilder(URI.create(server
                + "/cgi-bin/department/list?access_token=" + token.path("access_token").asString())).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body());
        int count = list.path("department").size();
        if (list.path("errcode").asInt(-1) != 0 || count < 2) {
            throw new IllegalStateException("unexpected department/list answer: " + list);
        }
        return count;
    }

    /**
     * WxJava's {@code WxCpServiceImpl} (its default, on Apache HttpClient 4) with its default retry
     * settings; {@code secret} picks the credential (contacts for the directory, an app for JS-SDK).
     */
    static WxCpService wxJava(URI emulator, String secret, int agentId) {
        WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
        config.setCorpId(DemoCorp.CORP_ID);
        config.setCorpSecret(secret);
        config.setAgentId(agentId);
        String base = emulator.toString();
        config.setBaseApiUrl(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        WxCpServiceImpl service = new WxCpServiceImpl();
        service.setWxCpConfigStorage(config);
        return service;
    }
}
