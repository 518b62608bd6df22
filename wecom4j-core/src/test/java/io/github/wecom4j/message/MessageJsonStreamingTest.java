package io.github.wecom4j.message;

import io.github.wecom4j.http.WeComJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streamed body ({@link MessageCall#toJson()}) is byte for byte what the SDK wrote before
 * streaming: the {@link MessageCall#body()} map written by a default mapper. WeCom's duplicate check
 * compares bodies, and bodies stored by the gateway's outbox before this change are resent as they
 * are, so not one byte may move.
 */
class MessageJsonStreamingTest {

    /** The mapper MessageJson used before it shared the SDK's: defaults only. */
    private static final JsonMapper PREVIOUS = JsonMapper.builder().build();

    @Test
    void everyMessageTypeAudienceAndOptionStreamsTheSameBytesAsTheMapDid() {
        List<Recipients> audiences = List.of(
                Recipients.users("zhangsan"),
                Recipients.users("zhangsan", "lisi", "zhangsan"),
                Recipients.parties(2L, 3L).andTags(List.of(7L)).andUsers(List.of("wang.wu-1@x")),
                Recipients.tags(5L),
                Recipients.everyone());
        List<SendOptions> options = List.of(SendOptions.DEFAULT,
                SendOptions.DEFAULT.idTrans(true).duplicateCheck(Duration.ofSeconds(600)),
                SendOptions.DEFAULT.safe(1));
        int compared = 0;
        for (Message message : SampleMessages.all()) {
            for (Recipients to : audiences) {
                for (SendOptions o : options) {
                    MessageCall call = new MessageCall(1000002, to, message, o);
                    byte[] before = PREVIOUS.writeValueAsBytes(call.body());
                    assertThat(call.toJson()).as(message.msgtype() + " " + to + " " + o).isEqualTo(before);
                    assertThat(MessageJson.write(call)).isEqualTo(new String(before, StandardCharsets.UTF_8));
                    assertThat(WeComJson.mapper().writeValueAsBytes(call.body())).isEqualTo(before);
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(SampleMessages.all().size() * 15);
    }

    @Test
    void textNeedingEscapesAndNonAsciiStreamsTheSameBytes() {
        MessageCall call = new MessageCall(1000002, Recipients.users("a"),
                TextMessage.of("quote \" backslash \\ tab \t newline \n control \u0001 emoji \uD83D\uDE00 中文 </script>"),
                SendOptions.DEFAULT);
        assertThat(call.toJson()).isEqualTo(PREVIOUS.writeValueAsBytes(call.body()));
    }

    @Test
    void recipientsThatAreNotValidUserIdsAreEscapedNeverWrittenRaw() {
        // Not sendable (validate() refuses them with 40035), but toJson must still be valid JSON:
        // the members' raw path is for valid userids only.
        for (Recipients to : List.of(Recipients.users("a\"b", "c"), Recipients.users("ok", "x\\y"),
                Recipients.users("line\nbreak"), Recipients.users("中文"), Recipients.users("ok", ""))) {
            MessageCall call = new MessageCall(1000002, to, TextMessage.of("hi"), SendOptions.DEFAULT);
            byte[] before = PREVIOUS.writeValueAsBytes(call.body());
            assertThat(call.toJson()).as(to.toString()).isEqualTo(before);
            assertThat(MessageJson.read(new String(call.toJson(), StandardCharsets.UTF_8))).containsEntry("touser",
                    String.join("|", to.users()));
        }
    }

    @Test
    void aThousandMemberBroadcastCallStreamsTheSameBytesAndReadsBackToTheSameCall() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            users.add("member." + (i % 2000));
        }
        OutgoingMessage m = new OutgoingMessage(Recipients.users(users),
                TextCardMessage.of("Title", "Desc", "https://example.com/x"), SendOptions.DEFAULT);
        List<MessageCall> calls = m.calls(1000002);
        assertThat(calls).hasSize(2);
        for (MessageCall call : calls) {
            assertThat(call.toJson()).isEqualTo(PREVIOUS.writeValueAsBytes(call.body()));
            assertThat(MessageJson.parse(MessageJson.read(MessageJson.write(call)))).isEqualTo(call);
        }
    }
}
