package io.github.wecom4j.benchmarks.versus;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import me.chanjar.weixin.cp.api.WxCpService;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Steady API calls: {@code threads} threads call {@code department/list} back to back for
 * {@code seconds}, against one in-process emulator, for each contender in turn (rounds
 * interleaved). Reports calls/s and p50/p99 latency per round, then medians and ratios.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.wecom4j.benchmarks.versus.SteadyCallsVersus \
 *      [rounds=5] [seconds=5] [threads=8]
 * </pre>
 */
public final class SteadyCallsVersus {

    /** The name of the row that is no SDK: a fixed request written, the answer read, nothing parsed. */
    static final String BARE = "bare socket (floor)";

    private SteadyCallsVersus() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        measure(rounds, seconds, threads).print(Contenders.WXJAVA);
    }

    /**
     * The rounds against a fresh in-process emulator; the returned report holds every round
     * ("calls/s", "p50 latency (ms)", "p99 latency (ms)" per contender) and is printed by the caller.
     */
    static Report measure(int rounds, int seconds, int threads) throws Exception {
        try (WeComEmulator emulator = WeComEmulator.builder().tokenFetchesPerHour(1_000_000).start()) {
            Map<String, Contenders.Call> contenders = contenders(emulator.baseUri());

            System.out.printf("steady department/list: %d threads, %d rounds of %d s per contender, interleaved%n",
                    threads, rounds, seconds);
            for (Map.Entry<String, Contenders.Call> c : contenders.entrySet()) {
                run(c.getValue(), threads, 2); // warm-up: JIT, connections, tokens
            }
            Report report = new Report("steady API calls (department/list, " + threads + " threads)");
            for (int round = 1; round <= rounds; round++) {
                for (Map.Entry<String, Contenders.Call> c : contenders.entrySet()) {
                    Result r = run(c.getValue(), threads, seconds);
                    System.out.printf("round %d %-22s %,10.0f calls/s  p50 %.2f ms  p99 %.2f ms%n", round, c.getKey(),
                            r.callsPerSecond(), r.p50Millis(), r.p99Millis());
                    report.add("calls/s", c.getKey(), r.callsPerSecond());
                    report.add("p50 latency (ms)", c.getKey(), r.p50Millis());
                    report.add("p99 latency (ms)", c.getKey(), r.p99Millis());
                }
            }
            return report;
        }
    }

    /**
     * Every contender's {@code department/list} against {@code base}, each checked to return exactly
     * as many departments as the server holds (counted once here), so none wins by not parsing.
     */
    static Map<String, Contenders.Call> contenders(URI base) throws Exception {
        int expected = Contenders.departmentCount(base, DemoCorp.CORP_ID, DemoCorp.CONTACTS_SECRET);
        Map<String, Contenders.Call> contenders = new LinkedHashMap<>();
        for (Map.Entry<String, WeComClient> e : Transports.clients(base).entrySet()) {
            WeComClient client = e.getValue();
            contenders.put(e.getKey(), () -> check(expected, client.contacts().departments().list().size()));
        }
        WxCpService wx = Contenders.wxJava(base, DemoCorp.CONTACTS_SECRET, DemoCorp.APPROVALS_AGENT_ID);
        contenders.put(Contenders.WXJAVA, () -> check(expected, wx.getDepartmentService().list(null).size()));
        BareSocketClient bare = new BareSocketClient(base, DemoCorp.CORP_ID, DemoCorp.CONTACTS_SECRET);
        contenders.put(BARE, bare::call);
        // -Dcontenders=a,b keeps those whose name contains one of the words (e.g. to profile one).
        String only = System.getProperty("contenders");
        if (only != null) {
            contenders.keySet().removeIf(name -> Arrays.stream(only.split(",")).noneMatch(name::contains));
        }
        return contenders;
    }

    private static void check(int expected, int departments) {
        if (departments != expected) {
            throw new IllegalStateException("unexpected answer: " + departments + " departments, expected " + expected);
        }
    }

    record Result(long calls, double callsPerSecond, double p50Millis, double p99Millis) {
    }

    static Result run(Contenders.Call call, int threads, int seconds) throws InterruptedException {
        List<LatencyHistogram> histograms = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] window = new long[2];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            LatencyHistogram h = new LatencyHistogram();
            histograms.add(h);
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    long end = window[1];
                    long now = System.nanoTime();
                    while (now < end) {
                        call.run();
                        long after = System.nanoTime();
                        h.record(after - now);
                        now = after;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }, "load-" + t);
            workers.add(worker);
            worker.start();
        }
        window[0] = System.nanoTime();
        window[1] = window[0] + seconds * 1_000_000_000L;
        start.countDown();
        done.await();
        long elapsed = System.nanoTime() - window[0];
        if (failure.get() != null) {
            throw new IllegalStateException("a call failed", failure.get());
        }
        LatencyHistogram all = new LatencyHistogram();
        histograms.forEach(all::add);
        return new Result(all.count(), all.count() / (elapsed / 1e9), all.percentileMillis(0.50), all.percentileMillis(0.99));
    }
}
