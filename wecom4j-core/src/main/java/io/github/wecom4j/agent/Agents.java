package io.github.wecom4j.agent;

import io.github.wecom4j.WeComApi;
import io.github.wecom4j.error.WeComValidationException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The app reading and changing its own settings: {@code agent/get} (doc 90227), {@code agent/set} (90228). */
public final class Agents {

    static final String GET = "/cgi-bin/agent/get";
    static final String SET = "/cgi-bin/agent/set";

    private final WeComApi api;
    private final int agentId;

    public Agents(WeComApi api, int agentId) {
        this.api = api;
        this.agentId = agentId;
    }

    public AgentInfo get() {
        JsonNode n = api.get(GET, Map.of("agentid", String.valueOf(agentId)));
        List<String> users = new ArrayList<>();
        n.path("allow_userinfos").path("user").forEach(u -> users.add(u.path("userid").asString()));
        List<Long> parties = new ArrayList<>();
        n.path("allow_partys").path("partyid").forEach(p -> parties.add(p.asLong()));
        List<Long> tags = new ArrayList<>();
        n.path("allow_tags").path("tagid").forEach(t -> tags.add(t.asLong()));
        return new AgentInfo(n.path("agentid").asInt(), n.path("name").asString(""), n.path("description").asString(""),
                n.path("square_logo_url").asString(""), users, parties, tags, n.path("close").asInt(0) == 1,
                n.path("redirect_domain").asString(""), n.path("report_location_flag").asInt(0) == 1,
                n.path("isreportenter").asInt(0) == 1, n.path("home_url").asString(""));
    }

    public void set(AgentSettings s) {
        if (s.name() != null && (s.name().isBlank() || s.name().codePointCount(0, s.name().length()) > 32)) {
            throw new WeComValidationException(40058, "an app name is 1 to 32 characters");
        }
        if (s.description() != null && s.description().codePointCount(0, s.description().length()) > 120) {
            throw new WeComValidationException(40058, "an app description is at most 120 characters");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agentid", agentId);
        put(body, "name", s.name());
        put(body, "description", s.description());
        put(body, "redirect_domain", s.redirectDomain());
        put(body, "home_url", s.homeUrl());
        put(body, "logo_mediaid", s.logoMediaId());
        if (s.reportLocation() != null) {
            body.put("report_location_flag", s.reportLocation() ? 1 : 0);
        }
        if (s.reportEnter() != null) {
            body.put("isreportenter", s.reportEnter() ? 1 : 0);
        }
        api.post(SET, body);
    }

    private static void put(Map<String, Object> body, String key, String value) {
        if (value != null) {
            body.put(key, value);
        }
    }
}
