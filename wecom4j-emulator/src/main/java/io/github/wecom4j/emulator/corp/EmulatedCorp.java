package io.github.wecom4j.emulator.corp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The corp an emulator serves: departments, members (many-to-many with departments), apps and the
 * contacts-sync secret. Immutable; load one with {@link CorpFiles} or start from {@link DemoCorp}.
 */
public record EmulatedCorp(String corpId, String name, String contactsSecret, List<EmulatedDepartment> departments,
                           List<EmulatedMember> members, List<EmulatedApp> apps) {

    public EmulatedCorp {
        if (corpId == null || corpId.isBlank()) {
            throw new IllegalArgumentException("corpId is required");
        }
        departments = List.copyOf(departments);
        members = List.copyOf(members);
        apps = List.copyOf(apps);
        Map<Long, EmulatedDepartment> byId = new LinkedHashMap<>();
        for (EmulatedDepartment d : departments) {
            if (byId.put(d.id(), d) != null) {
                throw new IllegalArgumentException("department " + d.id() + " defined twice");
            }
        }
        for (EmulatedDepartment d : departments) {
            if (d.parentId() != 0 && !byId.containsKey(d.parentId())) {
                throw new IllegalArgumentException("department " + d.id() + " has unknown parent " + d.parentId());
            }
        }
        for (EmulatedMember m : members) {
            for (long dep : m.departments()) {
                if (!byId.containsKey(dep)) {
                    throw new IllegalArgumentException("member " + m.userId() + " is in unknown department " + dep);
                }
            }
        }
        if (members.stream().map(m -> m.userId().toLowerCase()).distinct().count() != members.size()) {
            throw new IllegalArgumentException("userids must be unique (WeCom compares them case-insensitively)");
        }
        if (apps.stream().map(EmulatedApp::agentId).distinct().count() != apps.size()) {
            throw new IllegalArgumentException("agentids must be unique");
        }
    }

    public Optional<EmulatedMember> member(String userId) {
        return members.stream().filter(m -> m.userId().equalsIgnoreCase(userId)).findFirst();
    }

    public Optional<EmulatedApp> app(int agentId) {
        return apps.stream().filter(a -> a.agentId() == agentId).findFirst();
    }

    public Optional<EmulatedDepartment> department(long id) {
        return departments.stream().filter(d -> d.id() == id).findFirst();
    }
}
