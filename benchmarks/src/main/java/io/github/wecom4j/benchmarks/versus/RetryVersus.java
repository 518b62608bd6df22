package io.github.wecom4j.benchmarks.versus;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.http.RetryPolicy;
import me.chanjar.weixin.cp.api.WxCpService;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls under "system busy": the emulator answers {@code -1} to a share of all calls (seeded), and
 * each contender makes {@code calls} {@code department/list} calls on {@code threads} threads with
 * its default retry settings (wecom4j: until 10 s after the first attempt, waits 200 ms doubling to
 * 2 s; WxJava: 5 retries, waits 1, 2, 4, 8, 16 s), and wecom4j once more with its former fixed
 * count (4 attempts, same waits) for reference. Reports the calls that still failed and the
 * time the batch took. Rounds interleaved; WxJava's long waits make a round take about a minute.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.wecom4j.benchmarks.versus.RetryVersus \
 *      [rounds=1] [calls=1000] [threads=16] [errorRate=0.30]
 * </pre>
 */
public final class RetryVersus {

    static final String FORMER = Contenders.WECOM4J + " (4 attempts, before)";

    private RetryVersus() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : 0.30;
        measure(rounds, calls, threads, rate, true).print(Contenders.WXJAVA);
    }

    /**
     * The rounds against a fresh emulator; the report holds "calls failed" and "time for the batch (s)"
     * per contender. {@code withFormerPolicy} adds wecom4j with its former fixed count of attempts.
     */
    static Report measure(int rounds, int calls, int threads, double rate, boolean withFormerPolicy) throws Exception {
        try (WeComEmulator emulator = WeComEmulator.builder().tokenFetchesPerHour(1_000_000).start();
             WeComClient ours = Contenders.wecom4j(emulator.baseUri(), b -> b);
             WeComClient fixedCount = Contenders.wecom4j(emulator.baseUri(),
                     b -> b.retryPolicy(new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(2))))) {
            WxCpService wx = Contenders.wxJava(emulator.baseUri(), DemoCorp.CONTACTS_SECRET, DemoCorp.APPROVALS_AGENT_ID);
            Map<String, Contenders.Call> contenders = new LinkedHashMap<>();
            contenders.put(Contenders.WECOM4J, () -> ours.contacts().departments().list());
            if (withFormerPolicy) {
                contenders.put(FORMER, () -> fixedCount.contacts().departments().list());
            }
            contenders.put(Contenders.WXJAVA, () -> wx.getDepartmentService().list(null));
            for (Contenders.Call c : contenders.values()) {
                c.run(); // tokens fetched, connections open, before any fault
            }
            System.out.printf("%d calls per contender on %d threads, %.0f %% of all answers -1, %d round(s)%n",
                    calls, threads, rate * 100, rounds);
            Report report = new Report("calls under " + Math.round(rate * 100) + " % system busy (-1)");
            for (int round = 1; round <= rounds; round++) {
                for (Map.Entry<String, Contenders.Call> c : contenders.entrySet()) {
                    emulator.faults().errorRate(rate, 42 + round);
                    long started = System.nanoTime();
                    int failed = run(c.getValue(), calls, threads);
                    double seconds = (System.nanoTime() - started) / 1e9;
                    emulator.faults().clear();
                    System.out.printf("round %d %-8s failed %d of %d, %.1f s%n", round, c.getKey(), failed, calls, seconds);
                    report.add("calls failed", c.getKey(), failed);
                    report.add("time for the batch (s)", c.getKey(), seconds);
                }
            }
            return report;
        }
    }

    private static int run(Contenders.Call call, int calls, int threads) throws InterruptedException {
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < calls; i++) {
            pool.execute(() -> {
                try {
                    call.run();
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("batch did not finish");
        }
        return failed.get();
    }
}
