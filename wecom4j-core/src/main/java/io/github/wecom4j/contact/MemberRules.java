package io.github.wecom4j.contact;

import io.github.wecom4j.error.WeComValidationException;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the SDK can check before calling WeCom (doc 90195), with the errcode WeCom would answer,
 * so a caller handles local and remote refusals alike.
 */
final class MemberRules {

    private static final Pattern MOBILE = Pattern.compile("(\\+\\d{1,4} ?)?[0-9\\-]{5,20}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private MemberRules() {
    }

    static void requireNew(String userId, String name, List<Membership> memberships, String mobile, String email,
                           String bizMail, List<String> directLeaders) {
        ContactChecks.requireUserId(userId);
        requireName(name);
        requireMemberships(memberships);
        if (empty(mobile) && empty(email) && empty(bizMail)) {
            throw new WeComValidationException(60129, "member " + userId + " needs a mobile or an email");
        }
        requireMobile(mobile);
        requireEmail(email);
        if (directLeaders.size() > 5) {
            throw new WeComValidationException(60257, "at most 5 direct leaders");
        }
    }

    static void requireName(String name) {
        if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > 64) {
            throw new WeComValidationException(60112, "member name must be 1-64 characters");
        }
    }

    static void requireMemberships(List<Membership> memberships) {
        if (memberships.isEmpty()) {
            throw new WeComValidationException(60127, "a member needs at least one department");
        }
        if (memberships.size() > 100) {
            throw new WeComValidationException(60110, "a member belongs to at most 100 departments");
        }
        if (new HashSet<>(memberships.stream().map(Membership::departmentId).toList()).size() != memberships.size()) {
            throw new WeComValidationException(40058, "a department is listed twice");
        }
    }

    static void requireMobile(String mobile) {
        if (!empty(mobile) && !MOBILE.matcher(mobile).matches()) {
            throw new WeComValidationException(60103, "invalid mobile '" + mobile + "': digits, + and -");
        }
    }

    static void requireEmail(String email) {
        if (!empty(email) && (email.length() < 6 || email.length() > 64 || !EMAIL.matcher(email).matches())) {
            throw new WeComValidationException(60105, "invalid email '" + email + "'");
        }
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }
}
