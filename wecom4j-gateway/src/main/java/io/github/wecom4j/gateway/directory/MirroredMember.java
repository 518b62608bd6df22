package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.contact.Member;

/**
 * A member as the mirror holds it. {@code detailed} is false when only the userid and departments
 * are known: WeCom gave ids only (contacts-sync secret from a new IP, doc 96255) or a minimal
 * change_contact event (event server configured from 2022-08-15: UserID and Department only).
 * The avatar is not mirrored (a URL that WeCom rotates).
 */
record MirroredMember(Member member, boolean detailed) {

    String userId() {
        return member.userId();
    }
}
