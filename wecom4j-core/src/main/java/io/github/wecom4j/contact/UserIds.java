package io.github.wecom4j.contact;

/**
 * WeCom's userid rule (doc 90195): 1-64 bytes of letters, digits and {@code _-@.}, the first a
 * letter or digit. The first-character rule matters: {@code @all} is not a userid but the
 * "everyone" audience of message/send, and must never pass as one.
 *
 * <p>A loop over the characters rather than a regular expression: a broadcast checks thousands of
 * ids, and a matcher per id was most of the cost of planning one.
 */
public final class UserIds {

    private static final int MAX_LENGTH = 64;

    private UserIds() {
    }

    public static boolean valid(String userId) {
        if (userId == null) {
            return false;
        }
        int n = userId.length();
        if (n == 0 || n > MAX_LENGTH || !letterOrDigit(userId.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = userId.charAt(i);
            if (!letterOrDigit(c) && c != '_' && c != '@' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean letterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
