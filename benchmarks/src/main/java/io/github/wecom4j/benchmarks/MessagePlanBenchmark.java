package io.github.wecom4j.benchmarks;

import io.github.wecom4j.message.MessageCall;
import io.github.wecom4j.message.MessageJson;
import io.github.wecom4j.message.OutgoingMessage;
import io.github.wecom4j.message.Recipients;
import io.github.wecom4j.message.SendOptions;
import io.github.wecom4j.message.TextMessage;
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
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local work before a message leaves the JVM (and what the gateway does per enqueue): validate,
 * split the audience into WeCom-sized calls, write each call's JSON body.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MessagePlanBenchmark {

    private OutgoingMessage single;
    private OutgoingMessage broadcast;

    @Setup
    public void setUp() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            users.add("member" + i);
        }
        SendOptions options = SendOptions.DEFAULT.duplicateCheck(SendOptions.DEFAULT_INTERVAL);
        single = new OutgoingMessage(Recipients.users("zhangsan"), TextMessage.of("Build #42 passed 构建通过"), options);
        broadcast = new OutgoingMessage(Recipients.users(users), TextMessage.of("All hands at 10 全员大会"), options);
    }

    @Benchmark
    public void singleRecipientText(Blackhole bh) {
        for (MessageCall call : single.calls(1000002)) {
            bh.consume(MessageJson.write(call));
        }
    }

    @Benchmark
    public void tenThousandMemberBroadcast(Blackhole bh) {
        for (MessageCall call : broadcast.calls(1000002)) {
            bh.consume(MessageJson.write(call));
        }
    }
}
