package io.github.wecom4j.emulator.corp;

import java.util.ArrayList;
import java.util.List;

/**
 * A member (doc 90196); may belong to several departments, as in WeCom. {@code orders} and
 * {@code leaderInDept} are index-aligned with {@code departments}, as WeCom's {@code order} and
 * {@code is_leader_in_dept} arrays are. {@code status}: 1 active, 2 disabled, 4 not activated, 5 left.
 */
public record EmulatedMember(String userId, String name, List<Long> departments, long mainDepartment, String position,
                             String mobile, String email, String gender, int status, String alias, List<Long> orders,
                             List<Integer> leaderInDept, List<String> directLeaders, String telephone, String address,
                             String bizMail, String externalPosition, List<EmulatedExtAttr> extAttrs) {
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
        alias = alias == null ? "" : alias;
        orders = aligned(orders, departments.size(), 0L);
        leaderInDept = aligned(leaderInDept, departments.size(), 0);
        directLeaders = directLeaders == null ? List.of() : List.copyOf(directLeaders);
        telephone = telephone == null ? "" : telephone;
        address = address == null ? "" : address;
        bizMail = bizMail == null ? "" : bizMail;
        externalPosition = externalPosition == null ? "" : externalPosition;
        extAttrs = extAttrs == null ? List.of() : List.copyOf(extAttrs);
    }

    /** The short form the demo corp and older corp files use. */
    public EmulatedMember(String userId, String name, List<Long> departments, long mainDepartment, String position,
                          String mobile, String email, String gender, int status) {
        this(userId, name, departments, mainDepartment, position, mobile, email, gender, status, null, null, null, null,
                null, null, null, null, null);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static <T> List<T> aligned(List<T> values, int size, T fill) {
        if (values != null && values.size() == size) {
            return List.copyOf(values);
        }
        List<T> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(values != null && i < values.size() ? values.get(i) : fill);
        }
        return List.copyOf(out);
    }

    /** A changed copy; every field starts as the member's own. */
    public static final class Builder {
        public String userId;
        public String name;
        public List<Long> departments;
        public long mainDepartment;
        public String position;
        public String mobile;
        public String email;
        public String gender;
        public int status;
        public String alias;
        public List<Long> orders;
        public List<Integer> leaderInDept;
        public List<String> directLeaders;
        public String telephone;
        public String address;
        public String bizMail;
        public String externalPosition;
        public List<EmulatedExtAttr> extAttrs;

        public Builder() {
        }

        Builder(EmulatedMember m) {
            userId = m.userId;
            name = m.name;
            departments = m.departments;
            mainDepartment = m.mainDepartment;
            position = m.position;
            mobile = m.mobile;
            email = m.email;
            gender = m.gender;
            status = m.status;
            alias = m.alias;
            orders = m.orders;
            leaderInDept = m.leaderInDept;
            directLeaders = m.directLeaders;
            telephone = m.telephone;
            address = m.address;
            bizMail = m.bizMail;
            externalPosition = m.externalPosition;
            extAttrs = m.extAttrs;
        }

        public EmulatedMember build() {
            return new EmulatedMember(userId, name, departments, mainDepartment, position, mobile, email, gender, status,
                    alias, orders, leaderInDept, directLeaders, telephone, address, bizMail, externalPosition, extAttrs);
        }
    }
}
