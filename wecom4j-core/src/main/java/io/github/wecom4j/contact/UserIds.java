package io.github.wecom4j.contact;

import java.util.regex.Pattern;

/**
 * WeCom's userid rule (doc 90195): 1-64 bytes of letters, digits and {@code _-@.}, the first a
 * letter or digit. The first-character rule matters: {@code @all} is not a userid but the
 * "everyone" audience of message/send, and must never pass as one.
 */
public final class UserIds {

    private static final Pattern USERID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_@.\\-]{0,63}");

    private UserIds() {
    }

    public static boolean valid(String userId) {
        return userId != null && USERID.matcher(userId).matches();
    }
}
