package io.github.wecom4j.message;

import io.github.wecom4j.TestClients;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import io.github.wecom4j.emulator.message.DeliveredMessage;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.error.WeComValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** update_template_card against the emulator over HTTP: what the inbox shows after, and WeCom's code rules. */
@WeComEmulatorTest
class TemplateCardUpdatesTest {

    WeComEmulator emulator;
    MessageService messages;
    TemplateCardUpdates cards;

    @BeforeEach
    void client(WeComEmulator emulator) {
        this.emulator = emulator;
        WeComClient client = TestClients.demoClient(emulator);
        this.messages = client.app(DemoCorp.APPROVALS_AGENT_ID).messages();
        this.cards = client.app(DemoCorp.APPROVALS_AGENT_ID).templateCards();
    }

    private String sendButtonCard() {
        return messages.send(Recipients.users("lisi", "wangwu"), SampleMessages.buttonInteraction()).calls().get(0).responseCode();
    }

    private DeliveredMessage card(String userId) {
        return emulator.inboxes().of(userId).get(0);
    }

    @Test
    void replacingButtonsGreysThemOutForTheNamedMembersOnly() {
        String code = sendButtonCard();
        cards.replaceButtons(code, CardUpdateTarget.users("lisi"), "Approved 已同意");
        assertThat(card("lisi").content().has("button_list")).isFalse();
        assertThat(card("lisi").content().path("replace_text").asString()).isEqualTo("Approved 已同意");
        assertThat(card("wangwu").content().path("button_list").size()).isEqualTo(2);
    }

    @Test
    void replacingTheWholeCardForEveryone() {
        String code = sendButtonCard();
        cards.replaceCard(code, CardUpdateTarget.everyone(), SampleMessages.textNotice());
        assertThat(card("lisi").content().path("card_type").asString()).isEqualTo("text_notice");
        assertThat(card("wangwu").content().path("main_title").path("title").asString()).isEqualTo("Build passed");
    }

    @Test
    void aResponseCodeWorksOnceAndOnlyFor72Hours() {
        String code = sendButtonCard();
        cards.replaceButtons(code, CardUpdateTarget.everyone(), "Done");
        assertThatThrownBy(() -> cards.replaceButtons(code, CardUpdateTarget.everyone(), "Again"))
                .isInstanceOfSatisfying(WeComException.class, e -> {
                    assertThat(e.errcode()).isEqualTo(40058);
                    assertThat(e.errmsg()).contains("already used");
                });

        String late = sendButtonCard();
        emulator.clock().advance(Duration.ofHours(72).plusSeconds(1));
        assertThatThrownBy(() -> cards.replaceButtons(late, CardUpdateTarget.everyone(), "Late"))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errmsg()).contains("expired"));
        assertThatThrownBy(() -> cards.replaceButtons("no-such-code", CardUpdateTarget.everyone(), "x"))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errmsg()).contains("invalid response_code"));
    }

    @Test
    void localMistakesFailBeforeAnyCall() {
        long before = emulator.counters().calls(TemplateCardUpdates.UPDATE);
        assertThatThrownBy(() -> cards.replaceButtons("", CardUpdateTarget.everyone(), "x"))
                .isInstanceOf(WeComValidationException.class);
        assertThatThrownBy(() -> cards.replaceButtons("c", CardUpdateTarget.users(), "x"))
                .isInstanceOf(WeComValidationException.class).hasMessageContaining("everyone()");
        assertThatThrownBy(() -> cards.replaceButtons("c", CardUpdateTarget.everyone(), "x".repeat(65)))
                .isInstanceOf(WeComValidationException.class);
        assertThat(emulator.counters().calls(TemplateCardUpdates.UPDATE)).isEqualTo(before);
    }
}
