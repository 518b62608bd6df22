package io.github.wecom4j.emulator.message;

import io.github.wecom4j.emulator.ApiError;
import tools.jackson.databind.JsonNode;

/**
 * template_card structure rules (doc 90236 / 101032), as the emulator reads them: the five card
 * types, task_id, and the part each type cannot do without. Any violation is 40058.
 */
final class TemplateCardRules {

    private TemplateCardRules() {
    }

    static boolean interactive(String cardType) {
        return cardType.equals("button_interaction") || cardType.equals("vote_interaction")
                || cardType.equals("multiple_interaction");
    }

    static void check(JsonNode c) {
        String type = MessageBodyRules.text(c, "card_type");
        boolean needsTask = interactive(type) || c.has("action_menu");
        String taskId = MessageBodyRules.text(c, "task_id");
        if ((needsTask || !taskId.isEmpty()) && !MessageBodyRules.validTaskId(taskId)) {
            throw new ApiError(40058, "invalid task_id");
        }
        String title = MessageBodyRules.text(c.path("main_title"), "title");
        switch (type) {
            case "text_notice" -> {
                if (title.isBlank() && MessageBodyRules.text(c, "sub_title_text").isBlank()) {
                    throw new ApiError(40058, "main_title.title or sub_title_text required");
                }
                action(c, false);
            }
            case "news_notice" -> {
                if (title.isBlank()) {
                    throw new ApiError(40058, "main_title.title required");
                }
                if (MessageBodyRules.text(c.path("card_image"), "url").isBlank()
                        && MessageBodyRules.text(c.path("image_text_area"), "image_url").isBlank()) {
                    throw new ApiError(40058, "card_image or image_text_area required");
                }
                action(c, false);
            }
            case "button_interaction" -> {
                JsonNode buttons = c.path("button_list");
                if (!buttons.isArray() || buttons.isEmpty() || buttons.size() > 6) {
                    throw new ApiError(40058, "button_list must have 1-6 buttons");
                }
                for (JsonNode b : buttons) {
                    // type 1 opens url (no callback, no key); type 0, the default, calls back with key (doc 90236)
                    boolean link = b.path("type").asInt(0) == 1;
                    if (MessageBodyRules.text(b, "text").isBlank()
                            || (link ? MessageBodyRules.text(b, "url") : MessageBodyRules.text(b, "key")).isBlank()) {
                        throw new ApiError(40058, link ? "button text and url required" : "button text and key required");
                    }
                }
                optionalAction(c);
            }
            case "vote_interaction" -> {
                JsonNode box = c.path("checkbox");
                if (MessageBodyRules.text(box, "question_key").isBlank()) {
                    throw new ApiError(40058, "checkbox.question_key required");
                }
                options(box.path("option_list"), 20);
                submit(c);
            }
            case "multiple_interaction" -> {
                JsonNode selects = c.path("select_list");
                if (!selects.isArray() || selects.isEmpty() || selects.size() > 3) {
                    throw new ApiError(40058, "select_list must have 1-3 items");
                }
                for (JsonNode s : selects) {
                    if (MessageBodyRules.text(s, "question_key").isBlank()) {
                        throw new ApiError(40058, "select_list.question_key required");
                    }
                    options(s.path("option_list"), 10);
                }
                submit(c);
            }
            default -> throw new ApiError(40058, "invalid card_type");
        }
    }

    private static void optionalAction(JsonNode c) {
        if (c.has("card_action")) {
            action(c, true);
        }
    }

    private static void action(JsonNode c, boolean typeZeroAllowed) {
        JsonNode a = c.path("card_action");
        if (!a.isObject()) {
            throw new ApiError(40058, "card_action required");
        }
        int type = a.path("type").asInt(-1);
        switch (type) {
            case 1 -> MessageBodyRules.url(a, "url", true);
            case 2 -> {
                if (MessageBodyRules.text(a, "appid").isBlank()) {
                    throw new ApiError(40058, "card_action.appid required");
                }
            }
            case 0 -> {
                if (!typeZeroAllowed) {
                    throw new ApiError(40058, "invalid card_action.type");
                }
            }
            default -> throw new ApiError(40058, "invalid card_action.type");
        }
    }

    private static void options(JsonNode list, int max) {
        if (!list.isArray() || list.isEmpty() || list.size() > max) {
            throw new ApiError(40058, "option_list must have 1-" + max + " options");
        }
        for (JsonNode o : list) {
            if (MessageBodyRules.text(o, "id").isBlank() || MessageBodyRules.text(o, "text").isBlank()) {
                throw new ApiError(40058, "option id and text required");
            }
        }
    }

    private static void submit(JsonNode c) {
        JsonNode s = c.path("submit_button");
        if (MessageBodyRules.text(s, "text").isBlank() || MessageBodyRules.text(s, "key").isBlank()) {
            throw new ApiError(40058, "submit_button text and key required");
        }
    }
}
