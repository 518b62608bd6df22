package io.github.wecom4j.message;

import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.http.WeComJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Template-card parts that open something instead of calling back (doc 90236): a button of
 * button_interaction with {@code type} 1 opens its {@code url} and needs no key, an image_text_area
 * with {@code type} 2 opens a mini-program. A body read and written again keeps them: they were
 * dropped, so a link button went out as a callback button and the mini-program area as nothing.
 */
class TemplateCardLinksTest {

    private static final JsonMapper JSON = WeComJson.mapper();

    private static String roundTrip(String body) {
        MessageCall call = MessageJson.parseOutgoing(JSON.readTree(body)).calls(1000002).get(0);
        call.message().validate();
        return MessageJson.write(call);
    }

    @Test
    void aButtonThatOpensAUrlStaysALinkButton() {
        String sent = roundTrip("""
                {"touser":"lisi","msgtype":"template_card","template_card":{"card_type":"button_interaction",
                 "task_id":"links-1","main_title":{"title":"Expense report"},
                 "button_list":[{"text":"Approve","style":1,"key":"approve"},
                                {"text":"Open","style":2,"type":1,"url":"https://erp.example.com/r/1"}]}}""");
        JsonNode buttons = JSON.readTree(sent).path("template_card").path("button_list");
        assertThat(buttons.get(0).toString()).isEqualTo("{\"text\":\"Approve\",\"style\":1,\"key\":\"approve\"}");
        assertThat(buttons.get(1).path("type").asInt()).isEqualTo(1);
        assertThat(buttons.get(1).path("url").asString()).isEqualTo("https://erp.example.com/r/1");
        assertThat(buttons.get(1).has("key")).isFalse();
    }

    @Test
    void anImageTextAreaOpeningAMiniProgramKeepsItsAppidAndPage() {
        String sent = roundTrip("""
                {"touser":"lisi","msgtype":"template_card","template_card":{"card_type":"news_notice",
                 "main_title":{"title":"Menu"},"card_action":{"type":1,"url":"https://corp.example.com"},
                 "image_text_area":{"type":2,"appid":"wx123","pagepath":"pages/menu","title":"Today",
                                    "image_url":"https://corp.example.com/menu.png"}}}""");
        JsonNode area = JSON.readTree(sent).path("template_card").path("image_text_area");
        assertThat(area.path("type").asInt()).isEqualTo(2);
        assertThat(area.path("appid").asString()).isEqualTo("wx123");
        assertThat(area.path("pagepath").asString()).isEqualTo("pages/menu");
    }

    @Test
    void whatALinkNeedsIsChecked() {
        assertThatThrownBy(() -> roundTrip("""
                {"touser":"lisi","msgtype":"template_card","template_card":{"card_type":"button_interaction",
                 "task_id":"links-2","main_title":{"title":"x"},"button_list":[{"text":"Open","type":1}]}}"""))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.getMessage()).contains("url"));
        assertThatThrownBy(() -> roundTrip("""
                {"touser":"lisi","msgtype":"template_card","template_card":{"card_type":"button_interaction",
                 "task_id":"links-3","main_title":{"title":"x"},"button_list":[{"text":"Go"}]}}"""))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.getMessage()).contains("key"));
        assertThatThrownBy(() -> roundTrip("""
                {"touser":"lisi","msgtype":"template_card","template_card":{"card_type":"news_notice",
                 "main_title":{"title":"x"},"card_action":{"type":1,"url":"https://corp.example.com"},
                 "image_text_area":{"type":2,"image_url":"https://corp.example.com/a.png"}}}"""))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.getMessage()).contains("appid"));
    }
}
