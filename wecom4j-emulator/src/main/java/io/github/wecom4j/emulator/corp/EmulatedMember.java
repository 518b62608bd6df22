package io.github.wecom4j.emulator.corp;

import java.util.List;

/** A member; may belong to several departments, as in WeCom. */
public record EmulatedMember(String userId, String name, List<Long> departments, long mainDepartment, String position,
                             String mobile, String email, String gender, int status) {
    public EmulatedMember {
        departments = List.copyOf(departments);
        if (departments.isEmpty()) {
            throw new IllegalArgumentException("member " + userId + " must belong to at least one department");
        }
        if (!departments.contains(mainDepartment)) {
            mainDepartment = departments.get(0);
        }
        position = position == null ? "" : position;
        mobile = mobile == null ? "" : mobile;
        email = email == null ? "" : email;
        gender = gender == null ? "0" : gender;
        status = status == 0 ? 1 : status;
    }
}
