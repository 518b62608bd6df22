package io.github.wecom4j.benchmarks;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.WeComConfig;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.http.WeComHosts;
import io.github.wecom4j.jssdk.JsSdk;
import io.github.wecom4j.jssdk.JsSdkSignature;
import io.github.wecom4j.jssdk.WxAgentConfig;
import io.github.wecom4j.jssdk.WxConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * JS-SDK signing throughput, in signatures per second:
 * <ul>
 *   <li>{@code signature*}: the bare algorithm (string building + SHA-1 + hex) on the published
 *   example's inputs;</li>
 *   <li>{@code configPayload*}: what a config endpoint does per page load: cached ticket lookup,
 *   SecureRandom nonce, clock, signature. The tickets come from an in-process emulator once in
 *   setup; the emulator counts ticket calls and the teardown fails if the hot path ever fetched.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsSdkSignatureBenchmark {

    static final String TICKET = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
    static final String PAGE = "http://localhost:8080/jssdk.html?from=menu&id=42";

    private WeComEmulator emulator;
    private JsSdk jssdk;

    @Setup
    public void setUp() {
        emulator = WeComEmulator.builder().start();
        WeComClient client = WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(WeComHosts.allAt(emulator.baseUri()))
                .app(DemoCorp.APPROVALS_AGENT_ID, DemoCorp.APPROVALS_SECRET, "approvals")
                .build());
        jssdk = client.app(DemoCorp.APPROVALS_AGENT_ID).jssdk();
        jssdk.config(PAGE);
        jssdk.agentConfig(PAGE);
        if (!"0f9de62fce790f9a083d5c99e95740ceb90c27ed".equals(
                JsSdkSignature.sign(TICKET, "Wm3WZYTPz0wzccnW", 1414587457L, "http://mp.weixin.qq.com?params=value"))) {
            throw new IllegalStateException("the signature no longer reproduces the published example");
        }
    }

    @TearDown
    public void tearDown() {
        long ticketCalls = emulator.counters().calls("/cgi-bin/get_jsapi_ticket") + emulator.counters().calls("/cgi-bin/ticket/get");
        emulator.close();
        if (ticketCalls != 2) {
            throw new IllegalStateException("the hot path fetched tickets: " + ticketCalls + " ticket calls");
        }
    }

    @Benchmark
    @Threads(1)
    public String signatureOneThread() {
        return JsSdkSignature.sign(TICKET, "Wm3WZYTPz0wzccnW", 1414587457L, "http://mp.weixin.qq.com?params=value");
    }

    @Benchmark
    @Threads(2)
    public String signatureTwoThreads() {
        return JsSdkSignature.sign(TICKET, "Wm3WZYTPz0wzccnW", 1414587457L, "http://mp.weixin.qq.com?params=value");
    }

    @Benchmark
    @Threads(1)
    public WxConfig configPayloadOneThread() {
        return jssdk.config(PAGE);
    }

    @Benchmark
    @Threads(2)
    public WxConfig configPayloadTwoThreads() {
        return jssdk.config(PAGE);
    }

    @Benchmark
    @Threads(1)
    public WxAgentConfig agentConfigPayloadOneThread() {
        return jssdk.agentConfig(PAGE);
    }
}
