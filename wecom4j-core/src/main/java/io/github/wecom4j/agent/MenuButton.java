package io.github.wecom4j.agent;

import io.github.wecom4j.error.WeComValidationException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One button of an app's menu (doc 90231): a leaf of some {@link Kind}, or a parent of 1 to 5
 * leaves ({@link #parent}). Names: at most 16 bytes at the top, 40 in a sub-menu; keys at most 128
 * bytes; URLs at most 1024. A leaf's key comes back as the EventKey of its menu event.
 */
public record MenuButton(String name, Kind kind, String key, String url, String appId, String pagePath, List<MenuButton> subButtons) {

    /** WeCom's button types; the keyed ones report their key in a menu event. */
    public enum Kind {
        CLICK("click"), VIEW("view"), SCANCODE_PUSH("scancode_push"), SCANCODE_WAITMSG("scancode_waitmsg"),
        PIC_SYSPHOTO("pic_sysphoto"), PIC_PHOTO_OR_ALBUM("pic_photo_or_album"), PIC_WEIXIN("pic_weixin"),
        LOCATION_SELECT("location_select"), VIEW_MINIPROGRAM("view_miniprogram"), PARENT(null);

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        boolean keyed() {
            return this != VIEW && this != VIEW_MINIPROGRAM && this != PARENT;
        }
    }

    public MenuButton {
        subButtons = List.copyOf(subButtons);
    }

    /** A button with a key ({@link Kind#CLICK}, the scan, picture and location kinds). */
    public static MenuButton keyed(Kind kind, String name, String key) {
        if (!kind.keyed()) {
            throw new IllegalArgumentException(kind + " has no key");
        }
        return new MenuButton(name, kind, key, null, null, null, List.of());
    }

    public static MenuButton click(String name, String key) {
        return keyed(Kind.CLICK, name, key);
    }

    public static MenuButton view(String name, String url) {
        return new MenuButton(name, Kind.VIEW, null, url, null, null, List.of());
    }

    public static MenuButton miniProgram(String name, String appId, String pagePath) {
        return new MenuButton(name, Kind.VIEW_MINIPROGRAM, null, null, appId, pagePath, List.of());
    }

    public static MenuButton parent(String name, MenuButton... children) {
        return new MenuButton(name, Kind.PARENT, null, null, null, null, List.of(children));
    }

    void validate(boolean top) {
        int maxName = top ? 16 : 40;
        check(name != null && !name.isEmpty() && bytes(name) <= maxName, top ? 40018 : 40025,
                "button name must be 1 to " + maxName + " bytes: " + name);
        if (kind == Kind.PARENT) {
            check(top, 40024, "sub-menus do not nest: only top buttons have sub-buttons");
            check(!subButtons.isEmpty() && subButtons.size() <= 5, 40023, "a button has 1 to 5 sub-buttons");
            subButtons.forEach(b -> b.validate(false));
            return;
        }
        check(subButtons.isEmpty(), top ? 40017 : 40024, "only a parent has sub-buttons");
        if (kind.keyed()) {
            check(key != null && !key.isEmpty() && bytes(key) <= 128, top ? 40019 : 40026, "key must be 1 to 128 bytes");
        } else if (kind == Kind.VIEW) {
            check(url != null && url.matches("(?i)https?://\\S+") && bytes(url) <= 1024, top ? 40020 : 40027,
                    "url must be an http(s) URL of at most 1024 bytes");
        } else {
            check(appId != null && !appId.isBlank() && pagePath != null && !pagePath.isBlank(), 40058,
                    "a mini-program button needs appid and pagepath");
        }
    }

    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        if (kind == Kind.PARENT) {
            out.put("sub_button", subButtons.stream().map(MenuButton::toJson).toList());
            return out;
        }
        out.put("type", kind.wire());
        if (key != null) {
            out.put("key", key);
        }
        if (url != null) {
            out.put("url", url);
        }
        if (appId != null) {
            out.put("appid", appId);
            out.put("pagepath", pagePath);
        }
        return out;
    }

    static MenuButton fromJson(tools.jackson.databind.JsonNode n) {
        if (n.path("sub_button").isArray() && !n.path("sub_button").isEmpty()) {
            List<MenuButton> children = new java.util.ArrayList<>();
            n.path("sub_button").forEach(c -> children.add(fromJson(c)));
            return new MenuButton(n.path("name").asString(""), Kind.PARENT, null, null, null, null, children);
        }
        String type = n.path("type").asString("");
        Kind kind = Set.of(Kind.values()).stream().filter(k -> type.equals(k.wire())).findFirst().orElse(Kind.CLICK);
        return new MenuButton(n.path("name").asString(""), kind, text(n, "key"), text(n, "url"), text(n, "appid"),
                text(n, "pagepath"), List.of());
    }

    private static String text(tools.jackson.databind.JsonNode n, String field) {
        return n.has(field) ? n.path(field).asString() : null;
    }

    private static void check(boolean ok, int errcode, String problem) {
        if (!ok) {
            throw new WeComValidationException(errcode, problem);
        }
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
