package io.github.wecom4j.benchmarks;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small, bounded closed-loop load generator for a running gateway's JS-SDK config endpoint:
 * {@code C} connections each send {@code GET /api/jssdk/config?url=...} back to back for a fixed
 * time (after a warm-up), then it prints requests/s and latency percentiles. Bounded on purpose:
 * fixed concurrency, fixed duration, a cap on the total number of requests, loopback only by
 * default, so it cannot turn into a flood against anything.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.wecom4j.benchmarks.JsSdkConfigLoad \
 *      http://localhost:18080 [concurrency=8] [seconds=20] [warmupSeconds=5] [maxRequests=2000000]
 * </pre>
 * Each request signs a different page URL (a counter in the query), as real page loads would.
 * Any answer other than HTTP 200 with a signature counts as an error and is reported.
 */
public final class JsSdkConfigLoad {

    private JsSdkConfigLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: JsSdkConfigLoad <gateway base URL> [concurrency] [seconds] [warmupSeconds] [maxRequests]");
            System.exit(2);
        }
        URI base = URI.create(args[0].replaceAll("/$", ""));
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        long maxRequests = args.length > 4 ? Long.parseLong(args[4]) : 2_000_000L;
        String host = base.getHost();
        if (!("localhost".equals(host) || host.startsWith("127.") || "[::1]".equals(host))
                && !"true".equals(System.getProperty("load.allowRemote"))) {
            throw new IllegalArgumentException("loopback only (-Dload.allowRemote=true to override): " + base);
        }
        if (concurrency < 1 || concurrency > 256 || seconds < 1 || seconds > 600) {
            throw new IllegalArgumentException("concurrency 1..256 and seconds 1..600");
        }
        String page = "http://localhost:" + (base.getPort() < 0 ? 80 : base.getPort()) + "/jssdk.html?load=";

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        System.out.printf("JS-SDK config load: %s, %d connections, %d s warm-up + %d s measured%n",
                base, concurrency, warmup, seconds);
        run(http, base, page, concurrency, warmup, maxRequests, false);
        Result r = run(http, base, page, concurrency, seconds, maxRequests, true);
        System.out.printf("requests: %d ok, %d errors in %.1f s%n", r.ok, r.errors, r.seconds);
        System.out.printf("throughput: %.0f requests/s%n", r.ok / r.seconds);
        System.out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
                r.percentile(50), r.percentile(90), r.percentile(99), r.percentile(100));
        if (r.firstError != null) {
            System.out.println("first error: " + r.firstError);
        }
    }

    private record Result(long ok, long errors, double seconds, long[] latenciesNanos, String firstError) {
        double percentile(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(latenciesNanos.length - 1, Math.ceil(p / 100.0 * latenciesNanos.length) - 1);
            return latenciesNanos[Math.max(0, i)] / 1e6;
        }
    }

    private static Result run(HttpClient http, URI base, String page, int concurrency, int seconds, long maxRequests,
                              boolean record) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong issued = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        StringBuffer firstError = new StringBuffer();
        // Latencies: a bounded sample per worker (reservoir would be overkill; keep the first N).
        int perWorker = 200_000;
        List<long[]> samples = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            long[] sample = new long[perWorker];
            int[] n = new int[1];
            samples.add(sample);
            counts.add(n);
            Thread t = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        long i = issued.incrementAndGet();
                        if (i > maxRequests) {
                            break;
                        }
                        String url = URLEncoder.encode(page + i, StandardCharsets.UTF_8);
                        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/jssdk/config?url=" + url))
                                .timeout(Duration.ofSeconds(10)).GET().build();
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
                            long dt = System.nanoTime() - t0;
                            if (res.statusCode() == 200 && res.body().contains("\"signature\"")) {
                                ok.incrementAndGet();
                                if (record && n[0] < sample.length) {
                                    sample[n[0]++] = dt;
                                }
                            } else {
                                errors.incrementAndGet();
                                if (firstError.length() == 0) {
                                    firstError.append("HTTP ").append(res.statusCode()).append(' ').append(res.body());
                                }
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            if (firstError.length() == 0) {
                                firstError.append(e);
                            }
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "load-" + w);
            t.setDaemon(true);
            t.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = counts.stream().mapToInt(c -> c[0]).sum();
        long[] all = new long[total];
        int k = 0;
        for (int w = 0; w < concurrency; w++) {
            System.arraycopy(samples.get(w), 0, all, k, counts.get(w)[0]);
            k += counts.get(w)[0];
        }
        Arrays.sort(all);
        return new Result(ok.get(), errors.get(), elapsed, all, firstError.length() == 0 ? null : firstError.toString());
    }
}
