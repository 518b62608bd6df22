package io.github.wecom4j.gateway.jssdk;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code wecom.jssdk.*}: which pages the gateway signs for, and with which app.
 *
 * <pre>
 * wecom:
 *   jssdk:
 *     trusted-domains: [app.example.com]   # the app's 可信域名; default "localhost" when emulated
 *     agent-id: 1000002                     # app whose tickets sign; default the first app
 * </pre>
 */
@ConfigurationProperties(prefix = "wecom.jssdk")
public class JsSdkProperties {

    /**
     * Host names of the pages the gateway signs for: the trusted domains (可信域名) set on the app in
     * WeCom's admin console. Exact host names, as WeCom matches them (no parent domain, no port).
     * Empty means "localhost" in emulated mode and nothing at all against real WeCom.
     */
    private List<String> trustedDomains = new ArrayList<>();

    /** The app whose tickets sign {@code wx.config} and, by default, {@code wx.agentConfig}; 0 = first app. */
    private int agentId;

    public List<String> getTrustedDomains() {
        return trustedDomains;
    }

    public void setTrustedDomains(List<String> trustedDomains) {
        this.trustedDomains = trustedDomains == null ? new ArrayList<>() : trustedDomains;
    }

    public int getAgentId() {
        return agentId;
    }

    public void setAgentId(int agentId) {
        this.agentId = agentId;
    }
}
