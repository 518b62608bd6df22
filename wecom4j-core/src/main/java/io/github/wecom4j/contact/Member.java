package io.github.wecom4j.contact;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A member (doc 90196), as read and as created. Departments are many-to-many: each
 * {@link Membership} holds the department, the member's order there and whether they lead it.
 * Private fields (mobile, email, gender, avatar, address, biz_mail) are empty when WeCom did not
 * send them: apps created after 2022-06-20 only get them through OAuth consent.
 */
public record Member(String userId, String name, String alias, List<Membership> memberships, Long mainDepartment,
                     String position, String mobile, String email, String bizMail, Gender gender, String telephone,
                     String address, MemberStatus status, List<String> directLeaders, List<ExtAttr> extAttrs,
                     String externalPosition, String avatar) {

    public Member {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(name, "name");
        alias = nz(alias);
        memberships = memberships == null ? List.of() : List.copyOf(memberships);
        position = nz(position);
        mobile = nz(mobile);
        email = nz(email);
        bizMail = nz(bizMail);
        gender = gender == null ? Gender.UNKNOWN : gender;
        telephone = nz(telephone);
        address = nz(address);
        status = status == null ? MemberStatus.UNKNOWN : status;
        directLeaders = directLeaders == null ? List.of() : List.copyOf(directLeaders);
        extAttrs = extAttrs == null ? List.of() : List.copyOf(extAttrs);
        externalPosition = nz(externalPosition);
        avatar = nz(avatar);
    }

    /** The department ids, in WeCom's order. */
    public List<Long> departmentIds() {
        return memberships.stream().map(Membership::departmentId).toList();
    }

    public Optional<Membership> membership(long departmentId) {
        return memberships.stream().filter(m -> m.departmentId() == departmentId).findFirst();
    }

    /** A member to create: userid, name and at least one department are required (doc 90195). */
    public static Builder builder(String userId, String name) {
        return new Builder(userId, name);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Builds a {@link Member} for {@code user/create}; every optional field may stay unset. */
    public static final class Builder {
        private final String userId;
        private final String name;
        private final List<Membership> memberships = new ArrayList<>();
        private final List<String> directLeaders = new ArrayList<>();
        private final List<ExtAttr> extAttrs = new ArrayList<>();
        private String alias;
        private Long mainDepartment;
        private String position;
        private String mobile;
        private String email;
        private String bizMail;
        private Gender gender;
        private String telephone;
        private String address;
        private boolean enabled = true;
        private String externalPosition;

        private Builder(String userId, String name) {
            this.userId = userId;
            this.name = name;
        }

        public Builder department(long departmentId) {
            return department(Membership.in(departmentId));
        }

        public Builder department(Membership membership) {
            memberships.add(membership);
            return this;
        }

        public Builder mainDepartment(long departmentId) {
            this.mainDepartment = departmentId;
            return this;
        }

        public Builder alias(String alias) {
            this.alias = alias;
            return this;
        }

        public Builder position(String position) {
            this.position = position;
            return this;
        }

        public Builder mobile(String mobile) {
            this.mobile = mobile;
            return this;
        }

        public Builder email(String email) {
            this.email = email;
            return this;
        }

        public Builder bizMail(String bizMail) {
            this.bizMail = bizMail;
            return this;
        }

        public Builder gender(Gender gender) {
            this.gender = gender;
            return this;
        }

        public Builder telephone(String telephone) {
            this.telephone = telephone;
            return this;
        }

        public Builder address(String address) {
            this.address = address;
            return this;
        }

        public Builder directLeader(String userId) {
            directLeaders.add(userId);
            return this;
        }

        public Builder extAttr(ExtAttr attr) {
            extAttrs.add(attr);
            return this;
        }

        public Builder externalPosition(String externalPosition) {
            this.externalPosition = externalPosition;
            return this;
        }

        /** A disabled member cannot log in ({@code enable: 0}). */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Member build() {
            MemberRules.requireNew(userId, name, memberships, mobile, email, bizMail, directLeaders);
            return new Member(userId, name, alias, memberships, mainDepartment, position, mobile, email, bizMail, gender,
                    telephone, address, enabled ? MemberStatus.NOT_ACTIVATED : MemberStatus.DISABLED, directLeaders, extAttrs,
                    externalPosition, null);
        }
    }
}
