package io.github.wecom4j.benchmarks.versus;

import io.github.wecom4j.http.WeComJson;
import io.github.wecom4j.message.MessageCall;
import io.github.wecom4j.message.OutgoingMessage;
import io.github.wecom4j.message.Recipients;
import io.github.wecom4j.message.SendOptions;
import io.github.wecom4j.message.TextCardMessage;
import me.chanjar.weixin.cp.bean.message.WxCpMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A textcard to 1,000 members, from a {@code List<String>} of userids to the JSON body of
 * {@code message/send}, in both SDKs:
 * <ul>
 *   <li>wecom4j: audience (dedupe), validation of every field and userid, split into calls, the
 *   call's JSON bytes as sent;</li>
 *   <li>wecom4j via map: the same, but the body built as a map and written by the mapper (the path
 *   before streaming; still used where a caller asks for {@code body()});</li>
 *   <li>WxJava: {@code String.join("|", users)} (its {@code toUser} takes one string), the builder,
 *   {@code toJson()}; it neither dedupes nor validates, and its String is not yet bytes.</li>
 * </ul>
 * {@code java -jar benchmarks/target/benchmarks.jar MessageJsonVersus}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(2)
public class MessageJsonVersus {

    static final int AGENT = 1000002;
    static final String TITLE = "领奖通知 Award notice";
    static final String DESCRIPTION = "<div class=\"gray\">2016年9月26日</div> <div class=\"normal\">恭喜你抽中iPhone 7一台</div>";
    static final String URL = "https://work.weixin.qq.com/apply?from=card&id=42";

    private List<String> users;

    @Setup
    public void setUp() {
        users = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            users.add((i % 3 == 0 ? "zhang.san-" : i % 3 == 1 ? "li_si" : "WangWu") + i);
        }
        byte[] ours = wecom4j();
        byte[] viaMap = wecom4jViaMap();
        if (!Arrays.equals(ours, viaMap)) {
            throw new IllegalStateException("streamed and map-built bodies differ");
        }
        if (wxJava().length() < 10_000) {
            throw new IllegalStateException("WxJava body too short");
        }
    }

    @Benchmark
    public byte[] wecom4j() {
        OutgoingMessage m = new OutgoingMessage(Recipients.users(users),
                TextCardMessage.of(TITLE, DESCRIPTION, URL).withButtonText("更多"), SendOptions.DEFAULT);
        return m.calls(AGENT).get(0).toJson();
    }

    @Benchmark
    public byte[] wecom4jViaMap() {
        OutgoingMessage m = new OutgoingMessage(Recipients.users(users),
                TextCardMessage.of(TITLE, DESCRIPTION, URL).withButtonText("更多"), SendOptions.DEFAULT);
        MessageCall call = m.calls(AGENT).get(0);
        return WeComJson.mapper().writeValueAsBytes(call.body());
    }

    @Benchmark
    public String wxJava() {
        return WxCpMessage.TEXTCARD().agentId(AGENT).toUser(String.join("|", users))
                .title(TITLE).description(DESCRIPTION).url(URL).btnTxt("更多").build().toJson();
    }

    /** WxJava's body as the bytes its HTTP client sends, for a like-for-like reading. */
    @Benchmark
    public byte[] wxJavaBytes() {
        return wxJava().getBytes(StandardCharsets.UTF_8);
    }
}
