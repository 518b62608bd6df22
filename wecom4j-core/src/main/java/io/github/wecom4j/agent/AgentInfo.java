package io.github.wecom4j.agent;

import java.util.List;

/**
 * An app as {@code agent/get} describes it (doc 90227): its settings and visible range
 * ({@code allowUsers}, {@code allowParties}, {@code allowTags}).
 */
public record AgentInfo(int agentId, String name, String description, String squareLogoUrl, List<String> allowUsers,
                        List<Long> allowParties, List<Long> allowTags, boolean closed, String redirectDomain,
                        boolean reportLocation, boolean reportEnter, String homeUrl) {
    public AgentInfo {
        allowUsers = List.copyOf(allowUsers);
        allowParties = List.copyOf(allowParties);
        allowTags = List.copyOf(allowTags);
    }
}
