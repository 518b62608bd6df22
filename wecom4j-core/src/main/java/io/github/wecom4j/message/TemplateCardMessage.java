package io.github.wecom4j.message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code template_card} (doc 90236, card structures in doc 101032): five card types. The parts that
 * decide whether WeCom accepts a card are typed and checked; purely decorative sections (source,
 * quote_area, emphasis_content, horizontal_content_list, jump_list, vertical_content_list,
 * action_menu, button_selection) go through {@link Builder#section} verbatim.
 *
 * <p>Rules checked (doc 90236): {@code task_id} ≤ 128 bytes of {@code [0-9A-Za-z_-@]}, required by
 * the three interaction types and by {@code action_menu}; text_notice needs main_title.title or
 * sub_title_text and a card_action; news_notice needs main_title.title, card_image or
 * image_text_area, and a card_action; button_interaction 1-6 buttons; vote_interaction a checkbox
 * of 1-20 options and a submit_button; multiple_interaction 1-3 selects of 1-10 options and a
 * submit_button.
 */
public record TemplateCardMessage(CardType cardType, String taskId, MainTitle mainTitle, String subTitleText,
                                  CardAction cardAction, CardImage cardImage, ImageTextArea imageTextArea,
                                  List<Button> buttons, Checkbox checkbox, List<Select> selects,
                                  SubmitButton submitButton, Map<String, Object> sections) implements Message {

    private static final Pattern TASK_ID = Pattern.compile("[0-9A-Za-z_\\-@]{1,128}");

    /** WeCom's {@code card_type}. */
    public enum CardType {
        TEXT_NOTICE, NEWS_NOTICE, BUTTON_INTERACTION, VOTE_INTERACTION, MULTIPLE_INTERACTION;

        public String wire() {
            return name().toLowerCase();
        }

        /** Cards members act on (buttons, votes, choices): each action is a template_card_event callback. */
        public boolean interactive() {
            return this == BUTTON_INTERACTION || this == VOTE_INTERACTION || this == MULTIPLE_INTERACTION;
        }

        public static CardType fromWire(String s) {
            for (CardType t : values()) {
                if (t.wire().equals(s)) {
                    return t;
                }
            }
            return null;
        }
    }

    public record MainTitle(String title, String desc) {
    }

    /** type 1 opens {@code url}, type 2 a mini-program ({@code appid} + {@code pagepath}). */
    public record CardAction(int type, String url, String appId, String pagePath) {
        public static CardAction url(String url) {
            return new CardAction(1, url, null, null);
        }

        public static CardAction miniProgram(String appId, String pagePath) {
            return new CardAction(2, null, appId, pagePath);
        }
    }

    public record CardImage(String url, Double aspectRatio) {
    }

    /**
     * image_text_area of a news_notice card. {@code type}: 0 nothing to open, 1 the {@code url}, 2
     * the mini-program {@code appid} at {@code pagepath}; null: 1 with a url, else 0.
     */
    public record ImageTextArea(Integer type, String url, String appid, String pagepath, String title, String desc,
                                String imageUrl) {
        public ImageTextArea(String url, String title, String desc, String imageUrl) {
            this(null, url, null, null, title, desc, imageUrl);
        }

        int wireType() {
            return type != null ? type : url == null ? 0 : 1;
        }
    }

    /**
     * A button of button_interaction. {@code type} 0 (or null) comes back as a template_card_event
     * callback with its {@code key}; 1 opens {@code url} (no callback, no key needed).
     */
    public record Button(String text, int style, String key, Integer type, String url) {
        public Button(String text, int style, String key) {
            this(text, style, key, null, null);
        }

        boolean opensUrl() {
            return type != null && type == 1;
        }
    }

    public record Option(String id, String text, boolean checked) {
    }

    /** mode 0 single choice, 1 multiple choice. */
    public record Checkbox(String questionKey, int mode, List<Option> options) {
        public Checkbox {
            options = options == null ? List.of() : List.copyOf(options);
        }
    }

    public record Select(String questionKey, String title, String selectedId, List<Option> options) {
        public Select {
            options = options == null ? List.of() : List.copyOf(options);
        }
    }

    public record SubmitButton(String text, String key) {
    }

    public TemplateCardMessage {
        buttons = buttons == null ? List.of() : List.copyOf(buttons);
        selects = selects == null ? List.of() : List.copyOf(selects);
        // Insertion order kept (a stored call must serialise byte for byte the same in any JVM,
        // so WeCom's duplicate check absorbs a resend); null sections are refused, not a 500.
        if (sections != null && sections.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
            throw new io.github.wecom4j.error.WeComValidationException(40058, "template_card sections must not be null");
        }
        sections = sections == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sections));
    }

    public static Builder builder(CardType type) {
        return new Builder(type);
    }

    @Override
    public String msgtype() {
        return "template_card";
    }

    @Override
    public Map<String, Object> payload() {
        Json j = Json.object().put("card_type", cardType == null ? null : cardType.wire());
        sections.forEach(j::put);
        j.put("task_id", taskId);
        if (mainTitle != null) {
            j.put("main_title", Json.object().put("title", mainTitle.title()).put("desc", mainTitle.desc()).build());
        }
        j.put("sub_title_text", subTitleText);
        if (cardImage != null) {
            j.put("card_image", Json.object().put("url", cardImage.url()).put("aspect_ratio", cardImage.aspectRatio()).build());
        }
        if (imageTextArea != null) {
            j.put("image_text_area", Json.object().put("type", imageTextArea.wireType())
                    .put("url", imageTextArea.url()).put("appid", imageTextArea.appid()).put("pagepath", imageTextArea.pagepath())
                    .put("title", imageTextArea.title()).put("desc", imageTextArea.desc())
                    .put("image_url", imageTextArea.imageUrl()).build());
        }
        if (!buttons.isEmpty()) {
            List<Object> list = new ArrayList<>();
            // type and url only when given: a callback button's bytes stay what they were
            buttons.forEach(b -> list.add(Json.object().put("text", b.text()).put("style", b.style()).put("key", b.key())
                    .put("type", b.type()).put("url", b.url()).build()));
            j.put("button_list", list);
        }
        if (checkbox != null) {
            j.put("checkbox", Json.object().put("question_key", checkbox.questionKey())
                    .put("option_list", options(checkbox.options(), true)).put("mode", checkbox.mode()).build());
        }
        if (!selects.isEmpty()) {
            List<Object> list = new ArrayList<>();
            selects.forEach(s -> list.add(Json.object().put("question_key", s.questionKey()).put("title", s.title())
                    .put("selected_id", s.selectedId()).put("option_list", options(s.options(), false)).build()));
            j.put("select_list", list);
        }
        if (submitButton != null) {
            j.put("submit_button", Json.object().put("text", submitButton.text()).put("key", submitButton.key()).build());
        }
        if (cardAction != null) {
            j.put("card_action", Json.object().put("type", cardAction.type()).put("url", cardAction.url())
                    .put("appid", cardAction.appId()).put("pagepath", cardAction.pagePath()).build());
        }
        return j.build();
    }

    private static List<Object> options(List<Option> options, boolean withChecked) {
        List<Object> list = new ArrayList<>();
        for (Option o : options) {
            Json j = Json.object().put("id", o.id()).put("text", o.text());
            if (withChecked) {
                j.put("is_checked", o.checked());
            }
            list.add(j.build());
        }
        return list;
    }

    @Override
    public void validate() {
        if (cardType == null) {
            Check.fail("template_card.card_type is required");
        }
        boolean needsTaskId = cardType.interactive() || sections.containsKey("action_menu");
        if (taskId != null || needsTaskId) {
            if (taskId == null || !TASK_ID.matcher(taskId).matches()) {
                Check.fail("template_card.task_id must be 1-128 bytes of 0-9 A-Z a-z _ - @"
                        + (needsTaskId ? " (required for " + cardType.wire() + " or action_menu)" : ""));
            }
        }
        switch (cardType) {
            case TEXT_NOTICE -> {
                if ((mainTitle == null || Check.blank(mainTitle.title())) && Check.blank(subTitleText)) {
                    Check.fail("template_card text_notice needs main_title.title or sub_title_text");
                }
                requireAction();
            }
            case NEWS_NOTICE -> {
                if (imageTextArea != null) {
                    int t = imageTextArea.wireType();
                    if (t < 0 || t > 2) {
                        Check.fail("template_card.image_text_area.type must be 0, 1 (url) or 2 (mini-program)");
                    }
                    if (t == 1) {
                        Check.required(imageTextArea.url(), "template_card.image_text_area.url");
                    }
                    if (t == 2) {
                        Check.required(imageTextArea.appid(), "template_card.image_text_area.appid");
                    }
                }
                if (mainTitle == null || Check.blank(mainTitle.title())) {
                    Check.fail("template_card news_notice needs main_title.title");
                }
                if ((cardImage == null || Check.blank(cardImage.url()))
                        && (imageTextArea == null || Check.blank(imageTextArea.imageUrl()))) {
                    Check.fail("template_card news_notice needs card_image.url or image_text_area.image_url");
                }
                requireAction();
            }
            case BUTTON_INTERACTION -> {
                Check.count(buttons, 1, 6, "template_card.button_list");
                for (int i = 0; i < buttons.size(); i++) {
                    Button b = buttons.get(i);
                    Check.required(b.text(), "template_card.button_list[" + i + "].text");
                    if (b.type() != null && b.type() != 0 && b.type() != 1) {
                        Check.fail("template_card.button_list[" + i + "].type must be 0 (callback) or 1 (open url)");
                    }
                    if (b.opensUrl()) {
                        Check.required(b.url(), "template_card.button_list[" + i + "].url");
                    } else {
                        Check.required(b.key(), "template_card.button_list[" + i + "].key");
                    }
                }
            }
            case VOTE_INTERACTION -> {
                if (checkbox == null) {
                    Check.fail("template_card vote_interaction needs a checkbox");
                }
                Check.required(checkbox.questionKey(), "template_card.checkbox.question_key");
                Check.count(checkbox.options(), 1, 20, "template_card.checkbox.option_list");
                checkOptions(checkbox.options(), "template_card.checkbox.option_list");
                requireSubmit();
            }
            case MULTIPLE_INTERACTION -> {
                Check.count(selects, 1, 3, "template_card.select_list");
                for (int i = 0; i < selects.size(); i++) {
                    Select s = selects.get(i);
                    Check.required(s.questionKey(), "template_card.select_list[" + i + "].question_key");
                    Check.count(s.options(), 1, 10, "template_card.select_list[" + i + "].option_list");
                    checkOptions(s.options(), "template_card.select_list[" + i + "].option_list");
                }
                requireSubmit();
            }
            default -> throw new IllegalStateException();
        }
        if (cardAction != null) {
            checkAction();
        }
    }

    private void requireAction() {
        if (cardAction == null) {
            Check.fail("template_card " + cardType.wire() + " needs a card_action");
        }
    }

    private void checkAction() {
        switch (cardAction.type()) {
            case 1 -> {
                Check.required(cardAction.url(), "template_card.card_action.url");
                Check.httpUrl(cardAction.url(), "template_card.card_action.url");
            }
            case 2 -> Check.required(cardAction.appId(), "template_card.card_action.appid");
            case 0 -> {
                if (!cardType.interactive()) {
                    Check.fail("template_card.card_action.type must be 1 (url) or 2 (mini-program) for " + cardType.wire());
                }
            }
            default -> Check.fail("template_card.card_action.type must be 0, 1 or 2");
        }
    }

    private void requireSubmit() {
        if (submitButton == null || Check.blank(submitButton.text()) || Check.blank(submitButton.key())) {
            Check.fail("template_card " + cardType.wire() + " needs a submit_button with text and key");
        }
    }

    private static void checkOptions(List<Option> options, String field) {
        for (int i = 0; i < options.size(); i++) {
            Check.required(options.get(i).id(), field + "[" + i + "].id");
            Check.required(options.get(i).text(), field + "[" + i + "].text");
        }
    }

    /** Collects a card. */
    public static final class Builder {
        private final CardType type;
        private String taskId;
        private MainTitle mainTitle;
        private String subTitleText;
        private CardAction cardAction;
        private CardImage cardImage;
        private ImageTextArea imageTextArea;
        private final List<Button> buttons = new ArrayList<>();
        private Checkbox checkbox;
        private final List<Select> selects = new ArrayList<>();
        private SubmitButton submitButton;
        private final Map<String, Object> sections = new LinkedHashMap<>();

        private Builder(CardType type) {
            this.type = type;
        }

        public Builder taskId(String taskId) {
            this.taskId = taskId;
            return this;
        }

        public Builder mainTitle(String title, String desc) {
            this.mainTitle = new MainTitle(title, desc);
            return this;
        }

        public Builder subTitleText(String text) {
            this.subTitleText = text;
            return this;
        }

        public Builder cardAction(CardAction action) {
            this.cardAction = action;
            return this;
        }

        public Builder cardImage(String url, Double aspectRatio) {
            this.cardImage = new CardImage(url, aspectRatio);
            return this;
        }

        public Builder imageTextArea(ImageTextArea area) {
            this.imageTextArea = area;
            return this;
        }

        public Builder button(String text, int style, String key) {
            buttons.add(new Button(text, style, key));
            return this;
        }

        public Builder checkbox(Checkbox checkbox) {
            this.checkbox = checkbox;
            return this;
        }

        public Builder select(Select select) {
            selects.add(select);
            return this;
        }

        public Builder submitButton(String text, String key) {
            this.submitButton = new SubmitButton(text, key);
            return this;
        }

        /** A decorative section passed verbatim, e.g. {@code section("source", Map.of("desc", "HR"))}. */
        public Builder section(String name, Object value) {
            sections.put(name, value);
            return this;
        }

        public TemplateCardMessage build() {
            return new TemplateCardMessage(type, taskId, mainTitle, subTitleText, cardAction, cardImage, imageTextArea,
                    buttons, checkbox, selects, submitButton, sections);
        }
    }
}
