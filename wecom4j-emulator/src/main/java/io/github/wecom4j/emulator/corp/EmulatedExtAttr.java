package io.github.wecom4j.emulator.corp;

/**
 * One custom field of a member ({@code extattr.attrs[]}, doc 90196): type 0 text ({@code value}),
 * 1 web page ({@code url}, {@code title}), 2 mini program ({@code appid}, {@code pagepath}, {@code title}).
 */
public record EmulatedExtAttr(int type, String name, String value, String url, String title, String appid,
                              String pagepath) {
    public EmulatedExtAttr {
        if (type < 0 || type > 2 || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an extattr needs a name and a type 0, 1 or 2");
        }
    }
}
