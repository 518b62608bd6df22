package io.github.wecom4j.message;

import io.github.wecom4j.message.TemplateCardMessage.CardAction;
import io.github.wecom4j.message.TemplateCardMessage.CardType;
import io.github.wecom4j.message.TemplateCardMessage.Checkbox;
import io.github.wecom4j.message.TemplateCardMessage.Option;
import io.github.wecom4j.message.TemplateCardMessage.Select;

import java.util.List;
import java.util.Map;

/** One valid message of every type, shared by the tests. */
final class SampleMessages {

    private SampleMessages() {
    }

    static List<Message> all() {
        return List.of(
                TextMessage.of("你好, <a href=\"https://example.com\">link</a>"),
                ImageMessage.of("MEDIA_IMAGE"),
                VoiceMessage.of("MEDIA_VOICE"),
                VideoMessage.of("MEDIA_VIDEO").withTitle("Weekly", "All hands recording"),
                FileMessage.of("MEDIA_FILE"),
                TextCardMessage.of("Leave approved", "<div class=\"gray\">2026-11-25</div>", "https://example.com/leave/1")
                        .withButtonText("更多"),
                NewsMessage.of(NewsMessage.Article.link("Release 1.0", "https://example.com/r/1")
                        .withDescription("What is new").withPicture("https://example.com/p.png")),
                MpNewsMessage.of(MpNewsMessage.Article.of("Policy", "MEDIA_THUMB", "<p>content</p>").withAuthor("HR")
                        .withDigest("summary")),
                MarkdownMessage.of("**bold** and `code`"),
                MiniProgramNoticeMessage.builder("wx123123123123123", "会议室预订成功").page("pages/index")
                        .description("4月27日 16:16").emphasisFirstItem(true).item("会议室", "402").item("日期", "2026-11-25").build(),
                textNotice(), newsNotice(), buttonInteraction(), voteInteraction(), multipleInteraction());
    }

    static TemplateCardMessage textNotice() {
        return TemplateCardMessage.builder(CardType.TEXT_NOTICE).mainTitle("Build passed", "main branch")
                .section("source", Map.of("desc", "CI")).cardAction(CardAction.url("https://example.com/ci/1")).build();
    }

    static TemplateCardMessage newsNotice() {
        return TemplateCardMessage.builder(CardType.NEWS_NOTICE).mainTitle("New office", null)
                .cardImage("https://example.com/office.png", 2.25).cardAction(CardAction.url("https://example.com/o")).build();
    }

    static TemplateCardMessage buttonInteraction() {
        return TemplateCardMessage.builder(CardType.BUTTON_INTERACTION).taskId("task-btn-1").mainTitle("Approve?", null)
                .button("Approve", 1, "yes").button("Reject", 2, "no").build();
    }

    static TemplateCardMessage voteInteraction() {
        return TemplateCardMessage.builder(CardType.VOTE_INTERACTION).taskId("task-vote-1").mainTitle("Lunch", null)
                .checkbox(new Checkbox("lunch", 1, List.of(new Option("a", "Noodles", false), new Option("b", "Rice", true))))
                .submitButton("Vote", "submit").build();
    }

    static TemplateCardMessage multipleInteraction() {
        return TemplateCardMessage.builder(CardType.MULTIPLE_INTERACTION).taskId("task-multi-1").mainTitle("Survey", null)
                .select(new Select("q1", "Team", "t1", List.of(new Option("t1", "Core", false), new Option("t2", "Web", false))))
                .submitButton("Send", "submit").build();
    }
}
