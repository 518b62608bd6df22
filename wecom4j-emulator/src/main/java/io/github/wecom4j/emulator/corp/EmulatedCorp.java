package io.github.wecom4j.emulator.corp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The corp an emulator serves: departments, members (many-to-many with departments), tags, apps,
 * the contacts-sync secret and assistant. Immutable: the seed an emulator starts from and the
 * snapshot it hands out ({@code WeComEmulator#corp}); load one with {@link CorpFiles} or start from
 * {@link DemoCorp}.
 */
public record EmulatedCorp(String corpId, String name, String contactsSecret, List<EmulatedDepartment> departments,
                           List<EmulatedMember> members, List<EmulatedApp> apps, List<EmulatedTag> tags,
                           EmulatedContactsSync contactsSync) {

    public EmulatedCorp {
        if (corpId == null || corpId.isBlank()) {
            throw new IllegalArgumentException("corpId is required");
        }
        departments = List.copyOf(departments);
        members = List.copyOf(members);
        apps = List.copyOf(apps);
        tags = tags == null ? List.of() : List.copyOf(tags);
        contactsSync = contactsSync == null ? EmulatedContactsSync.none() : contactsSync;
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

    public EmulatedCorp withContactsSync(EmulatedContactsSync settings) {
        return new EmulatedCorp(corpId, name, contactsSecret, departments, members, apps, tags, settings);
    }

    /** This corp's settings (apps, contacts-sync) with another directory. */
    public EmulatedCorp withDirectory(List<EmulatedDepartment> departments, List<EmulatedMember> members,
                                      List<EmulatedTag> tags) {
        return new EmulatedCorp(corpId, name, contactsSecret, departments, members, apps, tags, contactsSync);
    }

    public Optional<EmulatedMember> member(String userId) {
        return members.stream().filter(m -> m.userId().equalsIgnoreCase(userId)).findFirst();
    }

    public Optional<EmulatedApp> app(int agentId) {
        return apps.stream().filter(a -> a.agentId() == agentId).findFirst();
    }

    /** A corp without tags and without a contacts-sync event server. */
    public EmulatedCorp(String corpId, String name, String contactsSecret, List<EmulatedDepartment> departments,
                        List<EmulatedMember> members, List<EmulatedApp> apps) {
        this(corpId, name, contactsSecret, departments, members, apps, null, null);
    }

    /** This corp with {@code app} in place of the app of the same agentid. */
    public EmulatedCorp withApp(EmulatedApp app) {
        return new EmulatedCorp(corpId, name, contactsSecret, departments, members,
                apps.stream().map(a -> a.agentId() == app.agentId() ? app : a).toList(), tags, contactsSync);
    }

    public Optional<EmulatedDepartment> department(long id) {
        return departments.stream().filter(d -> d.id() == id).findFirst();
    }
}
