package io.github.wecom4j.emulator.message;

import io.github.wecom4j.emulator.ApiError;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The emulator's own reading of doc 90236's field rules for each {@code msgtype}; written apart from
 * the SDK's checks on purpose, so a mistake in one is caught by the other.
 *
 * <p>Codes (doc 90313): 40008 unknown msgtype, 44004 empty text, 45002 text/markdown over 2048
 * bytes or mpnews content over 666 KB, 41006 missing media_id, 40058 any other missing,
 * oversize or malformed field. Where WeCom silently truncates (video/textcard lengths) the
 * emulator refuses instead, so a test notices text that real users would see cut.
 */
final class MessageBodyRules {

    static final Set<String> TYPES = Set.of("text", "image", "voice", "video", "file", "textcard", "news", "mpnews",
            "markdown", "miniprogram_notice", "template_card");
    private static final Pattern TASK_ID = Pattern.compile("[0-9A-Za-z_\\-@]{1,128}");
    private static final Pattern URL = Pattern.compile("(?i)^https?://\\S+$");

    private MessageBodyRules() {
    }

    /** Checks the common options and the body of {@code msgtype}; returns the type's object. */
    static JsonNode check(JsonNode body) {
        JsonNode type = body.path("msgtype");
        if (!type.isString() || !TYPES.contains(type.asString())) {
            throw new ApiError(40008, "invalid message type");
        }
        String msgtype = type.asString();
        int safe = body.path("safe").asInt(0);
        if (safe < 0 || safe > 2 || (safe == 2 && !msgtype.equals("mpnews"))) {
            throw new ApiError(40058, "invalid safe: " + safe + (safe == 2 ? " (only mpnews supports 2)" : ""));
        }
        if (body.path("enable_duplicate_check").asInt(0) == 1 && body.has("duplicate_check_interval")) {
            long s = body.path("duplicate_check_interval").asLong(-1);
            if (s < 1 || s > 14400) {
                throw new ApiError(40058, "duplicate_check_interval must be 1-14400 seconds");
            }
        }
        JsonNode c = body.path(msgtype);
        if (!c.isObject()) {
            throw new ApiError(40058, "missing " + msgtype + " object");
        }
        switch (msgtype) {
            case "text", "markdown" -> {
                String content = text(c, "content");
                if (content.isEmpty()) {
                    throw new ApiError(44004, "empty content");
                }
                if (bytes(content) > 2048) {
                    throw new ApiError(45002, "content size out of limit");
                }
            }
            case "image", "voice", "file" -> media(c, "media_id");
            case "video" -> {
                media(c, "media_id");
                max(c, "title", 128);
                max(c, "description", 512);
            }
            case "textcard" -> {
                required(c, "title", 128);
                required(c, "description", 512);
                url(c, "url", true);
                if (text(c, "btntxt").codePointCount(0, text(c, "btntxt").length()) > 4) {
                    throw new ApiError(40058, "btntxt exceeds 4 characters");
                }
            }
            case "news" -> {
                JsonNode articles = articles(c);
                for (JsonNode a : articles) {
                    required(a, "title", 128);
                    max(a, "description", 512);
                    boolean mini = !text(a, "appid").isBlank() && !text(a, "pagepath").isBlank();
                    url(a, "url", !mini);
                    url(a, "picurl", false);
                }
            }
            case "mpnews" -> {
                for (JsonNode a : articles(c)) {
                    required(a, "title", 128);
                    media(a, "thumb_media_id");
                    max(a, "author", 64);
                    max(a, "digest", 512);
                    if (text(a, "content").isBlank()) {
                        throw new ApiError(40058, "missing content");
                    }
                    if (bytes(text(a, "content")) > 666 * 1024) {
                        throw new ApiError(45002, "content size out of limit");
                    }
                    url(a, "content_source_url", false);
                }
            }
            case "miniprogram_notice" -> miniProgramNotice(c);
            case "template_card" -> TemplateCardRules.check(c);
            default -> throw new ApiError(40008, "invalid message type");
        }
        return c;
    }

    private static void miniProgramNotice(JsonNode c) {
        if (text(c, "appid").isBlank()) {
            throw new ApiError(40058, "missing appid");
        }
        String title = text(c, "title");
        int n = title.codePointCount(0, title.length());
        if (n < 4 || n > 12) {
            throw new ApiError(40058, "title must be 4-12 characters");
        }
        JsonNode items = c.path("content_item");
        if (items.isArray() && items.size() > 10) {
            throw new ApiError(40058, "content_item exceeds 10");
        }
        for (JsonNode i : items) {
            String k = text(i, "key");
            String v = text(i, "value");
            if (k.isBlank() || v.isBlank() || k.codePointCount(0, k.length()) > 10 || v.codePointCount(0, v.length()) > 30) {
                throw new ApiError(40058, "content_item key (1-10 chars) and value (1-30 chars) required");
            }
        }
    }

    static boolean validTaskId(String s) {
        return TASK_ID.matcher(s).matches();
    }

    private static JsonNode articles(JsonNode c) {
        JsonNode a = c.path("articles");
        if (!a.isArray() || a.isEmpty() || a.size() > 8) {
            throw new ApiError(40058, "articles must have 1-8 items");
        }
        return a;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isValueNode() && !v.isNull() ? v.asString() : "";
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    static void required(JsonNode n, String field, int maxBytes) {
        if (text(n, field).isBlank()) {
            throw new ApiError(40058, "missing " + field);
        }
        max(n, field, maxBytes);
    }

    static void max(JsonNode n, String field, int maxBytes) {
        if (bytes(text(n, field)) > maxBytes) {
            throw new ApiError(40058, field + " exceeds " + maxBytes + " bytes");
        }
    }

    static void url(JsonNode n, String field, boolean required) {
        String u = text(n, field);
        if (u.isEmpty()) {
            if (required) {
                throw new ApiError(40058, "missing " + field);
            }
            return;
        }
        if (!URL.matcher(u).matches() || bytes(u) > 2048) {
            throw new ApiError(40058, "invalid " + field);
        }
    }

    private static void media(JsonNode n, String field) {
        if (text(n, field).isBlank()) {
            throw new ApiError(41006, "media_id missing");
        }
    }
}
