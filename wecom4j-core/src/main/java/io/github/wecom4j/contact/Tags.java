package io.github.wecom4j.contact;

import io.github.wecom4j.error.WeComValidationException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tags (docs 90210-90216). The contacts-sync token manages every tag; an app's token creates tags
 * and changes the ones it created (81011 otherwise), so tag calls use the reader's token.
 */
public final class Tags {

    private final ContactsCredentials credentials;

    Tags(ContactsCredentials credentials) {
        this.credentials = credentials;
    }

    public int create(String name) {
        return create(name, null);
    }

    /** With a tag id of your choice ({@code tagid}), or null for WeCom's. */
    public int create(String name, Integer tagId) {
        requireName(name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tagname", name);
        if (tagId != null) {
            requireId(tagId);
            body.put("tagid", tagId);
        }
        return credentials.reader().post("/cgi-bin/tag/create", body).path("tagid").asInt();
    }

    public void rename(int tagId, String name) {
        requireId(tagId);
        requireName(name);
        credentials.reader().post("/cgi-bin/tag/update", Map.of("tagid", tagId, "tagname", name));
    }

    public void delete(int tagId) {
        requireId(tagId);
        Deletes.delete(credentials.reader(), "/cgi-bin/tag/delete", Map.of("tagid", Integer.toString(tagId)), Set.of(40068));
    }

    public TagMembers get(int tagId) {
        requireId(tagId);
        JsonNode body = credentials.reader().get("/cgi-bin/tag/get", Map.of("tagid", Integer.toString(tagId)));
        List<MemberSummary> members = new ArrayList<>();
        body.path("userlist").forEach(u -> members.add(new MemberSummary(u.path("userid").asString(""), u.path("name").asString(""), List.of())));
        List<Long> parties = new ArrayList<>();
        body.path("partylist").forEach(p -> parties.add(p.asLong()));
        return new TagMembers(tagId, body.path("tagname").asString(""), members, parties);
    }

    public List<Tag> list() {
        List<Tag> out = new ArrayList<>();
        credentials.reader().get("/cgi-bin/tag/list", Map.of()).path("taglist")
                .forEach(t -> out.add(new Tag(t.path("tagid").asInt(), t.path("tagname").asString(""))));
        return out;
    }

    /** Tags members and departments; what WeCom skipped comes back in the result. */
    public TagChange add(int tagId, List<String> userIds, List<Long> departmentIds) {
        return change("/cgi-bin/tag/addtagusers", tagId, userIds, departmentIds);
    }

    public TagChange remove(int tagId, List<String> userIds, List<Long> departmentIds) {
        return change("/cgi-bin/tag/deltagusers", tagId, userIds, departmentIds);
    }

    private TagChange change(String path, int tagId, List<String> userIds, List<Long> departmentIds) {
        requireId(tagId);
        if (userIds.isEmpty() && departmentIds.isEmpty()) {
            throw new WeComValidationException(40035, "give at least one userid or department");
        }
        if (userIds.size() > 1000 || departmentIds.size() > 100) {
            throw new WeComValidationException(81014, "at most 1000 userids and 100 departments per call; split the change");
        }
        JsonNode body = credentials.reader().post(path, Map.of("tagid", tagId, "userlist", userIds, "partylist", departmentIds));
        String invalid = body.path("invalidlist").asString("");
        List<Long> invalidParties = new ArrayList<>();
        body.path("invalidparty").forEach(p -> invalidParties.add(p.asLong()));
        return new TagChange(invalid.isEmpty() ? List.of() : Arrays.asList(invalid.split("\\|")), invalidParties);
    }

    private static void requireName(String name) {
        if (name == null || name.isEmpty() || name.codePointCount(0, name.length()) > 32) {
            throw new WeComValidationException(40072, "tag name must be 1-32 characters");
        }
    }

    private static void requireId(int tagId) {
        if (tagId <= 0) {
            throw new WeComValidationException(40068, "tag ids are positive, got " + tagId);
        }
    }
}
