package io.github.wecom4j.contact;

import io.github.wecom4j.error.WeComValidationException;

/** WeCom's department name rule (doc 90205): 1-32 characters, none of {@code \ : * ? " < > |}. */
final class DepartmentNames {

    private static final String ILLEGAL = "\\:*?\"<>|";

    private DepartmentNames() {
    }

    static void check(String name) {
        if (name == null || name.isEmpty() || name.codePointCount(0, name.length()) > 32) {
            throw new WeComValidationException(60001, "department name must be 1-32 characters");
        }
        for (char c : name.toCharArray()) {
            if (ILLEGAL.indexOf(c) >= 0) {
                throw new WeComValidationException(60009, "department name must not contain '" + c + "' (none of \\ : * ? \" < > |)");
            }
        }
    }
}
