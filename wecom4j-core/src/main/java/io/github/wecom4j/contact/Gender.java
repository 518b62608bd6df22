package io.github.wecom4j.contact;

/** A member's gender as WeCom sends it: "0" unknown, "1" male, "2" female (doc 90196). */
public enum Gender {
    UNKNOWN("0"), MALE("1"), FEMALE("2");

    private final String code;

    Gender(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    static Gender of(String code) {
        for (Gender g : values()) {
            if (g.code.equals(code)) {
                return g;
            }
        }
        return UNKNOWN;
    }
}
