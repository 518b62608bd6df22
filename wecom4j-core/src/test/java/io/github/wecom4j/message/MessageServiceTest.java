package io.github.wecom4j.message;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.WeComConfig;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.http.WeComHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import io.github.wecom4j.message.TemplateCardMessage.CardType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SDK's messages against the emulator, over real HTTP. */
@WeComEmulatorTest
class MessageServiceTest {

    static final String SEND = "/cgi-bin/message/send";
    WeComEmulator emulator;
    WeComClient client;
    MessageService approvals;

    @BeforeEach
    void client(WeComEmulator emulator) {
        this.emulator = emulator;
        this.client = WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(WeComHosts.allAt(emulator.baseUri()))
                .app(DemoCorp.APPROVALS_AGENT_ID, DemoCorp.APPROVALS_SECRET, "approvals")
                .app(DemoCorp.NOTICES_AGENT_ID, DemoCorp.NOTICES_SECRET, "notices")
                .build());
        this.approvals = client.app(DemoCorp.APPROVALS_AGENT_ID).messages();
    }

    @Test
    void everyTypeIsAcceptedByTheEmulatorAndLandsInTheInbox() {
        List<Message> all = SampleMessages.all();
        for (Message m : all) {
            SendReport report = approvals.send(Recipients.users("lisi"), m);
            assertThat(report.calls()).as(m.msgtype()).singleElement()
                    .satisfies(r -> assertThat(r.msgid()).isNotBlank());
        }
        var inbox = emulator.inboxes().of("lisi");
        assertThat(inbox).extracting(d -> d.msgtype()).containsExactlyElementsOf(all.stream().map(Message::msgtype).toList());
        assertThat(inbox).allSatisfy(d -> assertThat(d.agentId()).isEqualTo(DemoCorp.APPROVALS_AGENT_ID));
        assertThat(inbox.get(0).content().path("content").asString()).startsWith("你好");
    }

    @Test
    void aCardWithALinkButtonIsAcceptedAndDeliveredWithItsUrl() {
        TemplateCardMessage card = new TemplateCardMessage(CardType.BUTTON_INTERACTION, "links-http-1",
                new TemplateCardMessage.MainTitle("Expense report", null), null, null, null, null,
                java.util.List.of(new TemplateCardMessage.Button("Approve", 1, "approve"),
                        new TemplateCardMessage.Button("Open", 2, null, 1, "https://erp.example.com/r/1")),
                null, null, null, null);
        approvals.send(Recipients.users("sunqi"), card);
        assertThat(emulator.inboxes().of("sunqi").get(emulator.inboxes().of("sunqi").size() - 1).content()
                .path("button_list").get(1).path("url").asString()).isEqualTo("https://erp.example.com/r/1");
    }

    @Test
    void interactiveCardsReturnAResponseCode() {
        SendResult r = approvals.send(Recipients.users("lisi"), SampleMessages.voteInteraction()).calls().get(0);
        assertThat(r.responseCode()).isNotBlank();
        assertThat(approvals.send(Recipients.users("lisi"), SampleMessages.textNotice()).calls().get(0).responseCode()).isNull();
    }

    /**
     * WeCom refuses any \\uXXXX escape (40033, doc 90313); JSON can carry an ESC (a terminal colour
     * code in an alert) or half a surrogate pair only that way: refused before any call, with the
     * character named. A literal backslash before a u, and tabs and line breaks, go out as they are.
     */
    @Test
    void charactersJsonCanOnlyEscapeAreRefusedWith40033BeforeAnyCall() {
        long calls = emulator.counters().calls(SEND);
        assertThatThrownBy(() -> approvals.send(Recipients.users("lisi"), TextMessage.of("\u001b[31mdisk full\u001b[0m")))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> {
                    assertThat(e.errcode()).isEqualTo(40033);
                    assertThat(e.getMessage()).contains("U+001B", "control character");
                });
        String cutEmoji = "ok \ud83d";
        assertThatThrownBy(() -> approvals.send(Recipients.users("lisi"), TextMessage.of(cutEmoji)))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> {
                    assertThat(e.errcode()).isEqualTo(40033);
                    assertThat(e.getMessage()).contains("U+D83D", "surrogate");
                });
        assertThatThrownBy(() -> MessageJson.write(new MessageCall(DemoCorp.APPROVALS_AGENT_ID, Recipients.users("lisi"),
                TextMessage.of(cutEmoji), SendOptions.DEFAULT)))
                .as("stored bodies too: a character writer would have turned it into '?'")
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40033));
        assertThat(emulator.counters().calls(SEND)).isEqualTo(calls);

        approvals.send(Recipients.users("lisi"), TextMessage.of("C:\\users\tdone\n😀"));
        var inbox = emulator.inboxes().of("lisi");
        assertThat(inbox.get(inbox.size() - 1).content().path("content").asString()).isEqualTo("C:\\users\tdone\n😀");
    }

    @Test
    void invalidMessagesAreRefusedBeforeAnyHttpCall() {
        assertThatThrownBy(() -> approvals.send(Recipients.users("lisi"), TextMessage.of("x".repeat(2049))))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(45002));
        assertThatThrownBy(() -> approvals.send(Recipients.users("lisi"), ImageMessage.of("")))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(41006));
        assertThatThrownBy(() -> approvals.send(Recipients.users(List.of()), TextMessage.of("x")))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(82001));
        assertThat(emulator.counters().calls(SEND)).isZero();
        assertThat(emulator.counters().calls("/cgi-bin/gettoken")).isZero();
    }

    @Test
    void eachAppSendsWithItsOwnTokenAndAgentid() {
        client.app(DemoCorp.NOTICES_AGENT_ID).messages().send(Recipients.users("wangwu"), TextMessage.of("from notices"));
        assertThat(emulator.inboxes().of("wangwu")).singleElement()
                .satisfies(d -> assertThat(d.agentId()).isEqualTo(DemoCorp.NOTICES_AGENT_ID));
        MessageCall forOtherApp = new MessageCall(DemoCorp.NOTICES_AGENT_ID, Recipients.users("wangwu"), TextMessage.of("x"), null);
        assertThatThrownBy(() -> approvals.send(forOtherApp))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(301002));
    }

    @Test
    void partiallyInvalidRecipientsAreTypedAndAllInvalidIs81013InTheReport() {
        SendReport report = approvals.send(Recipients.users("zhangsan", "Ghost").andParties(List.of(999L)), TextMessage.of("hi"));
        SendResult r = report.calls().get(0);
        assertThat(r.delivered()).isTrue();
        assertThat(r.partiallyInvalid()).isTrue();
        assertThat(r.invalidUsers()).containsExactly("ghost");
        assertThat(r.invalidParties()).containsExactly("999");
        assertThat(r.unlicensedUsers()).isEmpty();
        SendReport none = approvals.send(Recipients.users("nobody1", "nobody2"), TextMessage.of("hi"));
        assertThat(none.calls().get(0).errcode()).isEqualTo(81013);
        assertThat(none.invalidUsers()).containsExactly("nobody1", "nobody2");
        assertThat(none.msgids()).isEmpty();
    }

    @Test
    void recallByMsgid() {
        String msgid = approvals.send(Recipients.users("zhaoliu"), TextMessage.of("oops")).msgids().get(0);
        approvals.recall(msgid);
        assertThat(emulator.inboxes().of("zhaoliu")).singleElement().satisfies(d -> assertThat(d.recalled()).isTrue());
        assertThatThrownBy(() -> client.app(DemoCorp.NOTICES_AGENT_ID).messages().recall(msgid))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(40058));
        assertThatThrownBy(() -> approvals.recall(" "))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40058));
    }

    @Test
    void storedBodyIsResentByteForByteAndAbsorbedByTheDuplicateCheck() {
        OutgoingMessage m = OutgoingMessage.of(Recipients.users("sunqi"), TextMessage.of("exactly once"))
                .with(SendOptions.DEFAULT.duplicateCheck(java.time.Duration.ofHours(4)));
        String stored = MessageJson.write(approvals.plan(m).get(0));
        SendResult first = approvals.sendStored(MessageJson.read(stored));
        SendResult again = approvals.sendStored(MessageJson.read(stored));
        assertThat(again.msgid()).isEqualTo(first.msgid());
        assertThat(emulator.inboxes().of("sunqi")).hasSize(1);
    }
}
