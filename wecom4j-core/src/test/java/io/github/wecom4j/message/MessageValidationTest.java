package io.github.wecom4j.message;

import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.message.TemplateCardMessage.CardAction;
import io.github.wecom4j.message.TemplateCardMessage.CardType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every invalid variant is refused locally with WeCom's errcode; every valid type passes. */
class MessageValidationTest {

    @Test
    void everySampleTypeIsValidAndCarriesItsMsgtypeKey() {
        List<Message> all = SampleMessages.all();
        assertThat(all).extracting(Message::msgtype).contains("text", "image", "voice", "video", "file", "textcard",
                "news", "mpnews", "markdown", "miniprogram_notice", "template_card");
        for (Message m : all) {
            assertThatCode(m::validate).as(m.msgtype()).doesNotThrowAnyException();
            MessageCall call = new MessageCall(1000002, Recipients.users("zhangsan"), m, SendOptions.DEFAULT);
            assertThat(call.body()).containsEntry("msgtype", m.msgtype()).containsEntry("agentid", 1000002)
                    .containsEntry("touser", "zhangsan").containsKey(m.msgtype());
        }
    }

    static Stream<Arguments> invalid() {
        String big = "字".repeat(683); // 2049 bytes in UTF-8
        return Stream.of(
                Arguments.of("empty text", TextMessage.of(""), 44004),
                Arguments.of("text over 2048 bytes", TextMessage.of(big), 45002),
                Arguments.of("markdown over 2048 bytes", MarkdownMessage.of("a".repeat(2049)), 45002),
                Arguments.of("image without media_id", ImageMessage.of(" "), 41006),
                Arguments.of("voice without media_id", VoiceMessage.of(null), 41006),
                Arguments.of("file without media_id", FileMessage.of(""), 41006),
                Arguments.of("video title over 128 bytes", VideoMessage.of("m").withTitle("t".repeat(129), null), 40058),
                Arguments.of("textcard without url", TextCardMessage.of("t", "d", null), 40058),
                Arguments.of("textcard ftp url", TextCardMessage.of("t", "d", "ftp://x"), 40058),
                Arguments.of("textcard description over 512 bytes", TextCardMessage.of("t", "d".repeat(513), "https://x"), 40058),
                Arguments.of("textcard button over 4 chars", TextCardMessage.of("t", "d", "https://x").withButtonText("查看详情啊"), 40058),
                Arguments.of("news without articles", new NewsMessage(List.of()), 40058),
                Arguments.of("news with 9 articles", new NewsMessage(Collections.nCopies(9,
                        NewsMessage.Article.link("t", "https://x"))), 40058),
                Arguments.of("news article without url", NewsMessage.of(NewsMessage.Article.link("t", null)), 40058),
                Arguments.of("mpnews without thumb", MpNewsMessage.of(MpNewsMessage.Article.of("t", null, "c")), 41006),
                Arguments.of("mpnews content over 666 KB", MpNewsMessage.of(MpNewsMessage.Article.of("t", "m",
                        "x".repeat(MpNewsMessage.MAX_CONTENT_BYTES + 1))), 45002),
                Arguments.of("mpnews author over 64 bytes", MpNewsMessage.of(MpNewsMessage.Article.of("t", "m", "c")
                        .withAuthor("a".repeat(65))), 40058),
                Arguments.of("miniprogram title too short", MiniProgramNoticeMessage.builder("wx1", "短").build(), 40058),
                Arguments.of("miniprogram 11 items", elevenItems(), 40058),
                Arguments.of("card without type", TemplateCardMessage.builder(null).build(), 40058),
                Arguments.of("text_notice without title", TemplateCardMessage.builder(CardType.TEXT_NOTICE)
                        .cardAction(CardAction.url("https://x")).build(), 40058),
                Arguments.of("text_notice without action", TemplateCardMessage.builder(CardType.TEXT_NOTICE)
                        .mainTitle("t", null).build(), 40058),
                Arguments.of("news_notice without image", TemplateCardMessage.builder(CardType.NEWS_NOTICE)
                        .mainTitle("t", null).cardAction(CardAction.url("https://x")).build(), 40058),
                Arguments.of("button_interaction without task_id", TemplateCardMessage.builder(CardType.BUTTON_INTERACTION)
                        .mainTitle("t", null).button("ok", 1, "k").build(), 40058),
                Arguments.of("button_interaction bad task_id", TemplateCardMessage.builder(CardType.BUTTON_INTERACTION)
                        .taskId("has space").button("ok", 1, "k").build(), 40058),
                Arguments.of("button_interaction 7 buttons", sevenButtons(), 40058),
                Arguments.of("vote_interaction without submit", TemplateCardMessage.builder(CardType.VOTE_INTERACTION)
                        .taskId("t1").checkbox(SampleMessages.voteInteraction().checkbox()).build(), 40058),
                Arguments.of("multiple_interaction 4 selects", fourSelects(), 40058));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidVariantIsRefusedWithWeComsErrcode(String name, Message message, int errcode) {
        assertThatThrownBy(message::validate).isInstanceOf(WeComValidationException.class)
                .satisfies(e -> assertThat(((WeComValidationException) e).errcode()).isEqualTo(errcode))
                .hasMessageContaining("hint");
    }

    @Test
    void textOfExactly2048BytesIsAccepted() {
        assertThatCode(() -> TextMessage.of("字".repeat(682) + "ab").validate()).doesNotThrowAnyException();
    }

    @Test
    void safeTwoIsOnlyForMpnews() {
        OutgoingMessage text = new OutgoingMessage(Recipients.users("a"), TextMessage.of("x"), SendOptions.DEFAULT.safe(2));
        assertThatThrownBy(() -> text.calls(1)).isInstanceOf(WeComValidationException.class).hasMessageContaining("mpnews");
        OutgoingMessage mpnews = new OutgoingMessage(Recipients.users("a"), SampleMessages.all().get(7), SendOptions.DEFAULT.safe(2));
        assertThat(mpnews.calls(1).get(0).body()).containsEntry("safe", 2);
    }

    @Test
    void duplicateCheckIntervalIsBoundedByFourHours() {
        SendOptions tooLong = SendOptions.DEFAULT.duplicateCheck(Duration.ofHours(5));
        assertThatThrownBy(() -> OutgoingMessage.of(Recipients.users("a"), TextMessage.of("x")).with(tooLong).calls(1))
                .isInstanceOf(WeComValidationException.class).hasMessageContaining("duplicate_check_interval");
        MessageCall call = OutgoingMessage.of(Recipients.users("a"), TextMessage.of("x"))
                .with(SendOptions.DEFAULT.duplicateCheck(Duration.ofMinutes(10)).idTrans(true)).calls(1).get(0);
        assertThat(call.body()).containsEntry("enable_duplicate_check", 1).containsEntry("duplicate_check_interval", 600L)
                .containsEntry("enable_id_trans", 1);
    }

    private static Message elevenItems() {
        MiniProgramNoticeMessage.Builder b = MiniProgramNoticeMessage.builder("wx1", "会议室预订成功");
        for (int i = 0; i < 11; i++) {
            b.item("k" + i, "v");
        }
        return b.build();
    }

    private static Message sevenButtons() {
        TemplateCardMessage.Builder b = TemplateCardMessage.builder(CardType.BUTTON_INTERACTION).taskId("t");
        for (int i = 0; i < 7; i++) {
            b.button("b" + i, 1, "k" + i);
        }
        return b.build();
    }

    private static Message fourSelects() {
        TemplateCardMessage.Builder b = TemplateCardMessage.builder(CardType.MULTIPLE_INTERACTION).taskId("t")
                .submitButton("s", "k");
        for (int i = 0; i < 4; i++) {
            b.select(SampleMessages.multipleInteraction().selects().get(0));
        }
        return b.build();
    }

    @Test
    void templateCardSectionsKeepTheirOrderAndRefuseNull() {
        java.util.Map<String, Object> sections = new java.util.LinkedHashMap<>();
        for (String name : List.of("source", "quote_area", "emphasis_content", "jump_list", "horizontal_content_list")) {
            sections.put(name, java.util.Map.of("title", name));
        }
        TemplateCardMessage card = new TemplateCardMessage(TemplateCardMessage.CardType.TEXT_NOTICE, null,
                new TemplateCardMessage.MainTitle("t", "d"), null, null, null, null, List.of(), null, List.of(), null,
                sections);
        assertThat(card.payload().keySet().stream().filter(sections::containsKey).toList())
                .containsExactly("source", "quote_area", "emphasis_content", "jump_list", "horizontal_content_list");

        java.util.Map<String, Object> withNull = new java.util.HashMap<>();
        withNull.put("source", null);
        assertThatThrownBy(() -> new TemplateCardMessage(TemplateCardMessage.CardType.TEXT_NOTICE, null,
                new TemplateCardMessage.MainTitle("t", "d"), null, null, null, null, List.of(), null, List.of(), null,
                withNull))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40058));
    }
}
