package io.github.wecom4j.contact;

/** Activation state (doc 90196): 1 active, 2 disabled, 4 not activated, 5 left the corp. */
public enum MemberStatus {
    ACTIVE(1), DISABLED(2), NOT_ACTIVATED(4), LEFT(5), UNKNOWN(0);

    private final int code;

    MemberStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static MemberStatus of(int code) {
        for (MemberStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
