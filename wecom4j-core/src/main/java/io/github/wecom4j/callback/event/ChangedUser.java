package io.github.wecom4j.callback.event;

import java.util.List;

/**
 * The member fields of a create_user / update_user event. Only {@code userId} is always present; an
 * update carries what changed (WeCom sends changed fields), a create what was set. Absent scalars are
 * null, absent lists empty. {@code leaderInDepartments} is index-aligned with {@code departments}
 * (IsLeaderInDept "1,0,0").
 */
public record ChangedUser(String userId, String name, List<Long> departments, Long mainDepartment,
                          List<Boolean> leaderInDepartments, List<String> directLeaders, String position, String mobile,
                          String gender, String email, String bizMail, Integer status, String avatar, String alias,
                          String telephone, String address, List<ExtAttr> extAttrs) {

    public ChangedUser {
        departments = List.copyOf(departments);
        leaderInDepartments = List.copyOf(leaderInDepartments);
        directLeaders = List.copyOf(directLeaders);
        extAttrs = List.copyOf(extAttrs);
    }

    /**
     * One custom attribute ({@code ExtAttr/Item}): type 0 text ({@code value}), 1 web ({@code url},
     * {@code title}), 2 mini-program ({@code appId}, {@code pagePath}, {@code title}). Fields a type
     * does not use are null.
     */
    public record ExtAttr(String name, Integer type, String value, String url, String title, String appId, String pagePath) {
    }
}
