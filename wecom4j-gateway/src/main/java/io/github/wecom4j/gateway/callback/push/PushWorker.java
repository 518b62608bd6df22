package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.gateway.callback.CallbackEventStore;
import io.github.wecom4j.gateway.cluster.DatabaseClock;
import io.github.wecom4j.http.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Threads that push queued callbacks to their subscriptions' URLs: claim heads, sign, POST,
 * record. 2xx is delivered; anything else (another status, a refused connection, a timeout) is
 * retried with jittered doubling backoff until {@code maxAttempts} or {@code maxAge}, then the row
 * becomes a dead letter carrying the reason. Redirects are never followed: a consumer URL is
 * checked when the subscription is made, a redirect target would not be.
 *
 * <p><b>Bounded, concurrent pushes.</b> Each push runs on its own thread of a pool of {@code
 * concurrency} threads, and is bounded as a whole (connect + headers + body) by {@code
 * connectTimeout + requestTimeout} ({@link PushClient}), so a consumer that answers headers and
 * then stalls its body cannot hold a thread for longer.
 * The claim loops take only as many heads as there are free push threads, so one slow consumer
 * holds one thread and never the others' deliveries.
 *
 * <p>At least once: a worker that dies after the consumer answered but before recording it leaves
 * the row to be pushed again after its lease; consumers drop repeats by {@code X-WeCom4j-Event-Id} (signed).
 */
@Component
class PushWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PushWorker.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DeliveryQueue queue;
    private final Subscriptions subscriptions;
    private final CallbackEventStore events;
    private final PushProperties props;
    private final ConsumerUrls urls;
    private final Clock clock;
    /** Leases are compared across instances: the database's clock, not this JVM's ({@link DatabaseClock}). */
    private final Clock leaseClock;
    private final PushClient http;
    private final List<Thread> threads = new ArrayList<>();
    /** Free push threads: a claim loop takes no more heads than it can push at once. */
    private final Semaphore slots;
    private final AtomicInteger pushThreadIds = new AtomicInteger();
    private ExecutorService pushes;
    private final Object wakeUp = new Object();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean running;

    PushWorker(DeliveryQueue queue, Subscriptions subscriptions, CallbackEventStore events, PushProperties props,
               ConsumerUrls urls, PushClient http, @Qualifier("wecomClock") Clock clock,
               @Qualifier("databaseClock") DatabaseClock leaseClock) {
        this.leaseClock = leaseClock;
        this.urls = urls;
        this.queue = queue;
        this.subscriptions = subscriptions;
        this.events = events;
        this.props = props;
        this.clock = clock;
        props.validate();
        this.http = http;
        this.slots = new Semaphore(props.getConcurrency());
    }

    /** Deliveries that reached their consumer since start (benchmarks, console). */
    long delivered() {
        return delivered.get();
    }

    void wakeUp() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    /**
     * Claims as many heads as there are free push threads (at most {@code claimBatch}) and hands
     * each to a push thread; the number of rows claimed. Returns without waiting for the pushes.
     * Without started push threads (tests driving it by hand) the rows are pushed here, one by one.
     */
    int drainOnce() {
        int free = Math.min(props.getClaimBatch(), slots.availablePermits());
        if (free == 0) {
            return 0;
        }
        Instant sys = leaseClock.instant();
        List<Delivery> claimed = queue.claim(subscriptions.corpId(), free, clock.instant(), sys,
                sys.plus(props.getLease()));
        for (int i = 0; i < claimed.size(); i++) {
            Delivery d = claimed.get(i);
            ExecutorService pool = pushes;
            if (!running || !slots.tryAcquire()) {
                queue.release(d);
                continue;
            }
            if (pool == null) {
                try {
                    push(d);
                } finally {
                    slots.release();
                }
                continue;
            }
            try {
                pool.execute(() -> {
                    try {
                        push(d);
                    } catch (RuntimeException e) {
                        log.warn("callback push of {} failed (its lease ends, then it is retried): {}", d.eventId(), e.toString());
                    } finally {
                        slots.release();
                        wakeUp();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                slots.release();
                queue.release(d);
            }
        }
        return claimed.size();
    }

    private void push(Delivery d) {
        Subscriptions.Target s = subscriptions.target(d.subscriptionId()).orElse(null);
        if (s == null) {
            return; // deleted meanwhile: its rows went with it
        }
        byte[] body = payload(d.eventId());
        if (body == null) {
            queue.deadLetter(d, null, "callback " + d.eventId() + " is no longer stored");
            return;
        }
        if (!queue.beginAttempt(d, leaseClock.instant().plus(props.getLease()), clock.instant())) {
            return; // another worker took the row over
        }
        d = d.attempted();
        PushClient.Outcome outcome;
        try {
            URI url = URI.create(s.url());
            if (urls.pointsAtPublicUrl(url)) {
                failed(d, null, "address not allowed");
                return;
            }
            long timestamp = leaseClock.instant().getEpochSecond();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json; charset=utf-8");
            headers.put("User-Agent", "wecom4j-gateway");
            headers.put(PushSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
            headers.put(PushSignature.SIGNATURE_HEADER, PushSignature.sign(s.secret(), timestamp, d.eventId(), body));
            headers.put(PushSignature.EVENT_ID_HEADER, Long.toString(d.eventId()));
            headers.put(PushSignature.SUBSCRIPTION_HEADER, s.name());
            outcome = http.post(url, headers, body);
        } catch (RuntimeException e) {
            // A fault that would repeat on every attempt (a URL the HTTP client refuses, say): counted
            // as a failed attempt, so the row reaches its dead letter instead of being re-claimed
            // unanswered for ever, holding up every later callback of its subscription.
            log.warn("push of callback {} to subscription {} could not be made: {}", d.eventId(), d.subscriptionId(),
                    e.toString());
            failed(d, null, "the push could not be made (" + e.getClass().getSimpleName() + ")");
            return;
        }
        Integer status = outcome.status();
        if (status != null && status >= 200 && status < 300) {
            if (queue.markDelivered(d, status, clock.instant())) {
                delivered.incrementAndGet();
            }
            return;
        }
        failed(d, status, status != null ? "the consumer answered HTTP " + status : outcome.error());
    }

    private void failed(Delivery d, Integer status, String error) {
        Instant now = clock.instant();
        Duration age = Duration.between(Instant.ofEpochMilli(d.createdAt()), now);
        if (d.attempts() >= props.getMaxAttempts() || age.compareTo(props.getMaxAge()) >= 0) {
            String reason = "gave up after " + d.attempts() + " attempt(s) over " + age.toSeconds() + " s: " + error;
            queue.deadLetter(d, status, reason);
            log.warn("push of callback {} to subscription {} is a dead letter: {}", d.eventId(), d.subscriptionId(), reason);
            return;
        }
        queue.retryAt(d, now.plus(backoff(d.attempts())), status, error);
    }

    /** The SDK's doubling backoff with equal jitter, with the push's bounds. */
    Duration backoff(int attempt) {
        return new RetryPolicy(Math.max(1, props.getMaxAttempts()), props.getInitialBackoff(), props.getMaxBackoff())
                .backoff(attempt);
    }

    /** What a consumer receives: the stored callback with every field WeCom sent. */
    private byte[] payload(long eventId) {
        CallbackEventStore.StoredEvent e = events.find(eventId).orElse(null);
        if (e == null) {
            return null;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("id", e.id());
        n.put("agentid", e.agentId());
        n.put("type", EventTypes.of(e.msgType(), e.event()));
        n.put("msgtype", e.msgType());
        n.put("event", e.event());
        n.put("from_user", e.fromUser());
        n.put("create_time", e.createTime());
        n.put("received_at", e.receivedAt().toString());
        n.set("fields", JSON.readTree(e.fieldsJson()));
        return JSON.writeValueAsBytes(n);
    }

    /**
     * Polls while there is work; when idle, waits longer and longer (poll interval doubling up to
     * five times it), since a new callback on this instance wakes the workers at once: an idle
     * gateway costs (almost) no queries, and a retry falling due or another instance's callback is
     * still picked up within a second by default.
     */
    private void loop() {
        int idle = 0;
        while (running) {
            try {
                if (drainOnce() == 0) {
                    long wait = Math.min(props.getPollInterval().toMillis() << Math.min(idle, 3),
                            props.getPollInterval().toMillis() * 5);
                    idle++;
                    synchronized (wakeUp) {
                        if (running) {
                            wakeUp.wait(wait);
                        }
                    }
                } else {
                    idle = 0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("callback push worker error (will retry): {}", e.toString());
                synchronized (wakeUp) {
                    try {
                        wakeUp.wait(props.getPollInterval().toMillis());
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    @Override
    public synchronized void start() {
        if (running || !props.isWorkersEnabled()) {
            return;
        }
        running = true;
        pushes = Executors.newFixedThreadPool(props.getConcurrency(), r -> {
            Thread t = new Thread(r, "callback-push-send-" + pushThreadIds.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < props.getWorkers(); i++) {
            Thread t = new Thread(this::loop, "callback-push-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /**
     * Graceful stop: pushes in flight finish (each bounded by its deadline), claimed rows not yet
     * pushed go back at once.
     */
    @Override
    public synchronized void stop() {
        running = false;
        wakeUp();
        long waitMillis = props.getConnectTimeout().plus(props.getRequestTimeout()).toMillis() + 1000;
        for (Thread t : threads) {
            try {
                t.join(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            t.interrupt();
        }
        threads.clear();
        ExecutorService pool = pushes;
        pushes = null;
        if (pool != null) {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
