package io.github.wecom4j.jssdk;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The two JS-SDK injections and the ticket each one is signed with (doc 90506): {@code wx.config}
 * injects the corp's identity and is signed with the enterprise {@code jsapi_ticket};
 * {@code wx.agentConfig} injects one app's identity and is signed with the app ticket
 * ({@code ticket/get?type=agent_config}). The two tickets must never be mixed.
 */
public enum ConfigKind {

    /** {@code wx.config}: {@code GET /cgi-bin/get_jsapi_ticket}. */
    CONFIG("wx.config", "jsapi_ticket", "/cgi-bin/get_jsapi_ticket", Map.of()),

    /** {@code wx.agentConfig}: {@code GET /cgi-bin/ticket/get?type=agent_config}. */
    AGENT_CONFIG("wx.agentConfig", "agent_config ticket", "/cgi-bin/ticket/get", Map.of("type", "agent_config"));

    private final String jsApi;
    private final String ticketName;
    private final String ticketPath;
    private final Map<String, String> ticketQuery;

    ConfigKind(String jsApi, String ticketName, String ticketPath, Map<String, String> ticketQuery) {
        this.jsApi = jsApi;
        this.ticketName = ticketName;
        this.ticketPath = ticketPath;
        this.ticketQuery = ticketQuery;
    }

    /** The front-end call this kind configures, e.g. {@code wx.config}. */
    public String jsApi() {
        return jsApi;
    }

    /** Human name of the ticket, e.g. {@code jsapi_ticket}. */
    public String ticketName() {
        return ticketName;
    }

    String ticketPath() {
        return ticketPath;
    }

    Map<String, String> ticketQuery() {
        return ticketQuery;
    }

    /**
     * The kind a front-end name stands for: {@code wx.config}, {@code config} or the client's
     * {@code preVerifyJSAPI} (what {@code @wecom/jssdk} reports); {@code wx.agentConfig} or
     * {@code agentConfig}. Empty for any other API.
     */
    public static Optional<ConfigKind> forApi(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "config", "wx.config", "preverifyjsapi" -> Optional.of(CONFIG);
            case "agentconfig", "wx.agentconfig" -> Optional.of(AGENT_CONFIG);
            default -> Optional.empty();
        };
    }

    /** The other kind: the ticket a page must not be signed with. */
    public ConfigKind other() {
        return this == CONFIG ? AGENT_CONFIG : CONFIG;
    }
}
