package io.github.wecom4j.emulator.corp;

import java.util.List;

/**
 * A tag (标签, doc 90210): its members and departments. {@code ownerAgentId} is the app that created
 * it (0 = the contacts-sync tool or an administrator); an app may only change its own tags (81011).
 */
public record EmulatedTag(int id, String name, List<String> users, List<Long> parties, int ownerAgentId) {
    public EmulatedTag {
        users = users == null ? List.of() : List.copyOf(users);
        parties = parties == null ? List.of() : List.copyOf(parties);
    }
}
