package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.corp.EmulatedTag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Tags and WeCom's rules for them (docs 90210-90216): names of 1-32 characters, unique (40071),
 * ids that exist (40068), an app changes only the tags it created (81011), members and departments
 * that do not exist are reported back ({@code invalidlist} / {@code invalidparty}), and all of
 * them invalid is 40070. A member or department that is deleted leaves every tag: this store
 * listens for those {@link DirectoryEvent}s. Not thread-safe: {@link Directory} guards it.
 */
final class TagStore {

    /** What addtagusers / deltagusers could not apply. */
    record Partial(List<String> invalidUsers, List<Long> invalidParties) {
    }

    private final Directory directory;
    private final MemberStore members;
    private final DepartmentStore departments;
    private final TreeMap<Integer, EmulatedTag> byId = new TreeMap<>();

    TagStore(Directory directory, MemberStore members, DepartmentStore departments) {
        this.directory = directory;
        this.members = members;
        this.departments = departments;
    }

    void load(Collection<EmulatedTag> tags) {
        byId.clear();
        tags.forEach(t -> byId.put(t.id(), t));
    }

    /** Reacts to deletions elsewhere in the directory. */
    void on(DirectoryEvent event) {
        if (event instanceof DirectoryEvent.MemberUpdated u && !u.before().userId().equals(u.after().userId())) {
            // a renamed member keeps its tags, under the new userid
            byId.replaceAll((id, t) -> new EmulatedTag(id, t.name(), MemberStore.renamed(t.users(), u.before().userId(),
                    u.after().userId()), t.parties(), t.ownerAgentId()));
        } else if (event instanceof DirectoryEvent.MemberDeleted d) {
            String key = MemberStore.key(d.member().userId());
            byId.replaceAll((id, t) -> new EmulatedTag(id, t.name(),
                    t.users().stream().filter(u -> !MemberStore.key(u).equals(key)).toList(), t.parties(), t.ownerAgentId()));
        } else if (event instanceof DirectoryEvent.DepartmentDeleted d) {
            byId.replaceAll((id, t) -> new EmulatedTag(id, t.name(), t.users(),
                    t.parties().stream().filter(p -> p != d.department().id()).toList(), t.ownerAgentId()));
        }
    }

    EmulatedTag create(Integer id, String name, int ownerAgentId) {
        checkName(name, null);
        if (id != null) {
            if (id <= 0) {
                throw new ApiError(40068, "invalid tagid " + id);
            }
            if (byId.containsKey(id)) {
                throw new ApiError(40071, "tagid " + id + " exists");
            }
        }
        int newId = id != null ? id : byId.isEmpty() ? 1 : byId.lastKey() + 1;
        EmulatedTag tag = new EmulatedTag(newId, name, List.of(), List.of(), ownerAgentId);
        byId.put(newId, tag);
        return tag;
    }

    EmulatedTag rename(int id, String name, int callerAgentId) {
        EmulatedTag t = owned(id, callerAgentId);
        checkName(name, id);
        EmulatedTag after = new EmulatedTag(id, name, t.users(), t.parties(), t.ownerAgentId());
        byId.put(id, after);
        return after;
    }

    void delete(int id, int callerAgentId) {
        owned(id, callerAgentId);
        byId.remove(id);
    }

    EmulatedTag require(int id) {
        EmulatedTag t = byId.get(id);
        if (t == null) {
            throw new ApiError(40068, "invalid tagid " + id);
        }
        return t;
    }

    Collection<EmulatedTag> all() {
        return byId.values();
    }

    Partial add(int id, List<String> users, List<Long> parties, int callerAgentId) {
        return change(id, users, parties, callerAgentId, true);
    }

    Partial remove(int id, List<String> users, List<Long> parties, int callerAgentId) {
        return change(id, users, parties, callerAgentId, false);
    }

    private Partial change(int id, List<String> users, List<Long> parties, int callerAgentId, boolean add) {
        EmulatedTag t = owned(id, callerAgentId);
        if (users.isEmpty() && parties.isEmpty()) {
            throw new ApiError(40035, "userlist and partylist cannot both be empty");
        }
        if (users.size() > 1000 || parties.size() > 100) {
            throw new ApiError(81014, "at most 1000 users and 100 departments per call");
        }
        List<String> invalidUsers = new ArrayList<>();
        List<Long> invalidParties = new ArrayList<>();
        Set<String> tagUsers = new LinkedHashSet<>(t.users());
        Set<Long> tagParties = new LinkedHashSet<>(t.parties());
        List<String> changedUsers = new ArrayList<>();
        List<Long> changedParties = new ArrayList<>();
        for (String u : users) {
            var m = members.get(u);
            if (m == null) {
                invalidUsers.add(u);
            } else if (add ? tagUsers.add(m.userId()) : tagUsers.removeIf(x -> MemberStore.key(x).equals(MemberStore.key(u)))) {
                changedUsers.add(m.userId());
            }
        }
        for (long p : parties) {
            if (!departments.exists(p)) {
                invalidParties.add(p);
            } else if (add ? tagParties.add(p) : tagParties.remove(p)) {
                changedParties.add(p);
            }
        }
        if (invalidUsers.size() == users.size() && invalidParties.size() == parties.size()) {
            throw new ApiError(40070, "all users and departments given are invalid");
        }
        byId.put(id, new EmulatedTag(id, t.name(), List.copyOf(tagUsers), List.copyOf(tagParties), t.ownerAgentId()));
        if (!changedUsers.isEmpty() || !changedParties.isEmpty()) {
            directory.publish(add
                    ? new DirectoryEvent.TagMembersChanged(directory.origin(), id, changedUsers, List.of(), changedParties, List.of())
                    : new DirectoryEvent.TagMembersChanged(directory.origin(), id, List.of(), changedUsers, List.of(), changedParties));
        }
        return new Partial(invalidUsers, invalidParties);
    }

    private EmulatedTag owned(int id, int callerAgentId) {
        EmulatedTag t = require(id);
        if (callerAgentId != 0 && t.ownerAgentId() != callerAgentId) {
            throw new ApiError(81011, "tag " + id + " was not created by app " + callerAgentId);
        }
        return t;
    }

    private void checkName(String name, Integer self) {
        if (name == null || name.isEmpty() || name.codePointCount(0, name.length()) > 32) {
            throw new ApiError(40072, "tag name must be 1-32 characters");
        }
        for (EmulatedTag t : byId.values()) {
            if (t.name().equals(name) && (self == null || t.id() != self)) {
                throw new ApiError(40071, "tag name exists: " + name);
            }
        }
    }
}
