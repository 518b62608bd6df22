package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.gateway.callback.CallbackEventStore;
import io.github.wecom4j.http.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Threads that push queued callbacks to their subscriptions' URLs: claim heads, sign, POST,
 * record. 2xx is delivered; anything else (another status, a refused connection, a timeout) is
 * retried with jittered doubling backoff until {@code maxAttempts} or {@code maxAge}, then the row
 * becomes a dead letter carrying the reason. Redirects are never followed: a consumer URL is
 * checked when the subscription is made, a redirect target would not be.
 *
 * <p>At least once: a worker that dies after the consumer answered but before recording it leaves
 * the row to be pushed again after its lease; consumers drop repeats by {@code X-WeCom4j-Event-Id}.
 */
@Component
class PushWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PushWorker.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DeliveryQueue queue;
    private final Subscriptions subscriptions;
    private final CallbackEventStore events;
    private final PushProperties props;
    private final Clock clock;
    private final Clock leaseClock = Clock.systemUTC();
    private final HttpClient http;
    private final List<Thread> threads = new ArrayList<>();
    private final Object wakeUp = new Object();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean running;
    /** Set by {@link #stop()}: rows claimed but not yet pushed go back at once. */
    private volatile boolean stopping;

    PushWorker(DeliveryQueue queue, Subscriptions subscriptions, CallbackEventStore events, PushProperties props,
               @Qualifier("wecomClock") Clock clock) {
        this.queue = queue;
        this.subscriptions = subscriptions;
        this.events = events;
        this.props = props;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(props.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
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

    /** Claims and pushes one batch; the number of rows handled. */
    int drainOnce() {
        Instant sys = leaseClock.instant();
        List<Delivery> claimed = queue.claim(subscriptions.corpId(), props.getClaimBatch(), clock.instant(), sys,
                sys.plus(props.getLease()));
        for (int i = 0; i < claimed.size(); i++) {
            if (stopping) {
                claimed.subList(i, claimed.size()).forEach(queue::release);
                break;
            }
            push(claimed.get(i));
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
        long timestamp = leaseClock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(s.url())).timeout(props.getRequestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "wecom4j-gateway")
                .header(PushSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(PushSignature.SIGNATURE_HEADER, PushSignature.sign(s.secret(), timestamp, body))
                .header(PushSignature.EVENT_ID_HEADER, Long.toString(d.eventId()))
                .header(PushSignature.SUBSCRIPTION_HEADER, s.name())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        Integer status = null;
        String error;
        try {
            HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
            status = r.statusCode();
            if (status >= 200 && status < 300) {
                if (queue.markDelivered(d, status, clock.instant())) {
                    delivered.incrementAndGet();
                }
                return;
            }
            error = "the consumer answered HTTP " + status;
        } catch (HttpTimeoutException e) {
            error = "no answer within " + props.getRequestTimeout().toMillis() + " ms";
        } catch (ConnectException e) {
            error = "could not connect to the consumer (" + e.getClass().getSimpleName() + ")";
        } catch (IOException e) {
            error = "the connection failed: " + e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queue.retryAt(d, clock.instant(), null, "interrupted while pushing (gateway stopping)");
            return;
        }
        failed(d, status, error);
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
        stopping = false;
        for (int i = 0; i < props.getWorkers(); i++) {
            Thread t = new Thread(this::loop, "callback-push-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Graceful stop: the push in flight finishes (bounded by its timeout), claimed rows go back at once. */
    @Override
    public synchronized void stop() {
        stopping = true;
        running = false;
        wakeUp();
        for (Thread t : threads) {
            try {
                t.join(props.getRequestTimeout().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            t.interrupt();
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
