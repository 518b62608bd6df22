package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * Changes an administrator (or a member, editing their own card) makes in WeCom's admin console:
 * the same stores and rules as the API, with {@link Origin#ADMIN}, so WeCom announces them as
 * change_contact events. The control API and the emulator's admin page use this; the body of
 * each operation is the body of the matching API call.
 */
public final class AdminChanges {

    private final Directory directory;

    public AdminChanges(Directory directory) {
        this.directory = directory;
    }

    /**
     * One change: {@code op} is create_user, update_user, rename_user ({@code {"userid": ..,
     * "new_userid": ..}}), delete_user, create_party, update_party, delete_party, add_tag_users or
     * del_tag_users.
     */
    public void apply(String op, JsonNode body) {
        directory.change(Origin.ADMIN, () -> {
            switch (op) {
                case "create_user" -> {
                    EmulatedMember.Builder b = new EmulatedMember.Builder();
                    b.userId = DirectoryJson.text(body, "userid", 64, "");
                    DirectoryJson.applyMember(body, b);
                    b.status = b.status == 0 ? 4 : b.status;
                    if (b.departments == null) {
                        throw new ApiError(60127, "department is required");
                    }
                    directory.members().create(b.build());
                }
                case "update_user" -> {
                    EmulatedMember.Builder b = directory.members().require(DirectoryJson.text(body, "userid", 64, "")).toBuilder();
                    DirectoryJson.applyMember(body, b);
                    directory.members().update(b.build());
                }
                case "delete_user" -> directory.members().delete(DirectoryJson.text(body, "userid", 64, ""));
                case "rename_user" -> directory.members().rename(DirectoryJson.text(body, "userid", 64, ""),
                        DirectoryJson.text(body, "new_userid", 64, ""));
                case "create_party" -> directory.departments().create(DepartmentRoutes.optionalLong(body, "id"),
                        DirectoryJson.text(body, "name", 64, null), DirectoryJson.text(body, "name_en", 64, null),
                        DepartmentRoutes.optionalLong(body, "parentid"), DepartmentRoutes.optionalLong(body, "order"));
                case "update_party" -> directory.departments().update(requireId(body), DirectoryJson.text(body, "name", 64, null),
                        DirectoryJson.text(body, "name_en", 64, null), DepartmentRoutes.optionalLong(body, "parentid"),
                        DepartmentRoutes.optionalLong(body, "order"));
                case "delete_party" -> directory.departments().delete(requireId(body));
                case "add_tag_users", "del_tag_users" -> {
                    int tag = (int) (long) DepartmentRoutes.optionalLong(body, "tagid");
                    List<String> users = body.has("userlist") ? DirectoryJson.strings(body, "userlist") : List.of();
                    List<Long> parties = body.has("partylist") ? DirectoryJson.longs(body, "partylist") : List.of();
                    if (op.startsWith("add")) {
                        directory.tags().add(tag, users, parties, 0);
                    } else {
                        directory.tags().remove(tag, users, parties, 0);
                    }
                }
                default -> throw new IllegalArgumentException("unknown admin operation '" + op + "'");
            }
            return null;
        });
    }

    private static long requireId(JsonNode body) {
        Long id = DepartmentRoutes.optionalLong(body, "id");
        if (id == null) {
            throw new ApiError(60003, "id is required");
        }
        return id;
    }
}
