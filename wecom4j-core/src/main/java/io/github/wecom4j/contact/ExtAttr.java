package io.github.wecom4j.contact;

/**
 * A custom member field ({@code extattr.attrs[]}, doc 90196), one of WeCom's three types.
 */
public sealed interface ExtAttr {

    String name();

    /** type 0 */
    record Text(String name, String value) implements ExtAttr {
    }

    /** type 1 */
    record Web(String name, String url, String title) implements ExtAttr {
    }

    /** type 2 */
    record MiniProgram(String name, String appId, String pagePath, String title) implements ExtAttr {
    }
}
