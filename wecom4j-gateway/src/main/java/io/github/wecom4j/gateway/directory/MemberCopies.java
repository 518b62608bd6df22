package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.contact.Member;
import io.github.wecom4j.contact.Membership;

import java.util.List;

/** Copies of SDK members with one thing changed (the record has no withers). */
final class MemberCopies {

    private MemberCopies() {
    }

    /** The avatar is not mirrored: WeCom serves it as a URL that changes without the member changing. */
    static Member withoutAvatar(Member m) {
        return m.avatar().isEmpty() ? m : new Member(m.userId(), m.name(), m.alias(), m.memberships(), m.mainDepartment(),
                m.position(), m.mobile(), m.email(), m.bizMail(), m.gender(), m.telephone(), m.address(), m.status(),
                m.directLeaders(), m.extAttrs(), m.externalPosition(), null);
    }

    static Member withMemberships(Member m, List<Membership> memberships, Long mainDepartment) {
        return new Member(m.userId(), m.name(), m.alias(), memberships, mainDepartment, m.position(), m.mobile(), m.email(),
                m.bizMail(), m.gender(), m.telephone(), m.address(), m.status(), m.directLeaders(), m.extAttrs(),
                m.externalPosition(), null);
    }
}
