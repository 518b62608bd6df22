package io.github.wecom4j.message;

import io.github.wecom4j.TestClients;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.error.WeComValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Group chats against the emulator over HTTP, with WeCom's limits checked on both sides. */
@WeComEmulatorTest
class AppChatsTest {

    WeComEmulator emulator;
    AppChats chats;

    @BeforeEach
    void client(WeComEmulator emulator) {
        this.emulator = emulator;
        this.chats = TestClients.demoClient(emulator).app(DemoCorp.APPROVALS_AGENT_ID).chats();
    }

    @Test
    void createUpdateGetAndSendLandInTheChatsOwnInbox() {
        String chatId = chats.create("ops1", "Ops 值班", "lisi", List.of("lisi", "wangwu"));
        assertThat(chatId).isEqualTo("ops1");
        chats.update(AppChatChange.of("ops1").rename("Ops on call").addMembers("zhaoliu").removeMembers("wangwu").owner("zhaoliu"));
        assertThat(chats.get("ops1")).isEqualTo(new AppChat("ops1", "Ops on call", "zhaoliu", List.of("lisi", "zhaoliu")));

        chats.send("ops1", TextMessage.of("deploy at 18:00"));
        chats.send("ops1", SampleMessages.all().stream().filter(m -> m.msgtype().equals("markdown")).findFirst().orElseThrow());
        assertThat(emulator.inboxes().of("lisi")).isEmpty();
        assertThat(emulator.chats().chat("ops1").orElseThrow().messages()).extracting(m -> m.msgtype())
                .containsExactly("text", "markdown");
    }

    @Test
    void weComChoosesTheChatIdAndTheOwnerWhenNotGiven() {
        String chatId = chats.create(null, null, null, List.of("lisi", "wangwu"));
        AppChat chat = chats.get(chatId);
        assertThat(chat.owner()).isIn("lisi", "wangwu");
        assertThat(chat.members()).containsExactly("lisi", "wangwu");
    }

    /** Docs 98913/98914/90248: only the app that created a chat may use it; another app gets 86008. */
    @Test
    void anotherAppCannotUpdateReadOrSendToTheChat() {
        chats.create("own1", "Approvals only", "lisi", List.of("lisi", "wangwu"));
        AppChats notices = TestClients.demoClient(emulator).app(DemoCorp.NOTICES_AGENT_ID).chats();
        assertThatThrownBy(() -> notices.send("own1", TextMessage.of("not yours")))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(86008));
        assertThatThrownBy(() -> notices.get("own1"))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(86008));
        assertThatThrownBy(() -> notices.update(AppChatChange.of("own1").rename("taken")))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(86008));
        assertThat(emulator.chats().chat("own1").orElseThrow().messages()).isEmpty();
        assertThat(chats.get("own1").name()).isEqualTo("Approvals only");
    }

    @Test
    void theEmulatorRefusesWhatWeComRefuses() {
        chats.create("c1", null, null, List.of("lisi", "wangwu"));
        assertThatThrownBy(() -> chats.create("c1", null, null, List.of("lisi", "wangwu")))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(86215));
        assertThatThrownBy(() -> chats.create(null, null, null, List.of("lisi", "nobody")))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(86216));
        assertThatThrownBy(() -> chats.update(AppChatChange.of("c1").removeMembers("wangwu")))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(86006));
        assertThatThrownBy(() -> chats.update(AppChatChange.of("c1").owner("zhaoliu")))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(86207));
        assertThatThrownBy(() -> chats.get("missing"))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(86003));
    }

    @Test
    void localMistakesFailBeforeAnyCall() {
        assertThatThrownBy(() -> chats.create(null, null, null, List.of("lisi")))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(86006));
        List<String> tooMany = IntStream.range(0, 2001).mapToObj(i -> "u" + i).toList();
        assertThatThrownBy(() -> chats.create(null, null, null, tooMany))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(86006));
        assertThatThrownBy(() -> chats.create(null, null, "zhaoliu", List.of("lisi", "wangwu")))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(86207));
        assertThatThrownBy(() -> chats.create("bad-id!", null, null, List.of("lisi", "wangwu")))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(86001));
        assertThatThrownBy(() -> chats.create(null, "x".repeat(51), null, List.of("lisi", "wangwu")))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(86004));
        assertThatThrownBy(() -> chats.send("c1", SampleMessages.buttonInteraction()))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(86214));
        assertThat(emulator.counters().calls(AppChats.CREATE)).isZero();
    }
}
