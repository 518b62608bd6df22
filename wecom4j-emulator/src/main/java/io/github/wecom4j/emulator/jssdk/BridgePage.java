package io.github.wecom4j.emulator.jssdk;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One page opened in the emulated WeCom client: what the client remembers for it between JS-API
 * calls. A page is one load of {@code bridge.js}, like one web view: a reload starts afresh and
 * must configure again. Everything kept is bounded (oldest dropped first).
 */
public final class BridgePage {

    static final int MAX_HANDSHAKES = 32;
    static final int MAX_CALLS = 200;
    static final int MAX_EVENTS = 100;

    /**
     * A successful {@code preVerifyJSAPI} (corp) or {@code agentConfig} (app) on this page: later
     * calls carry its {@code verifyTimestamp/NonceStr/Signature} and may use what it listed, while
     * the page stays on the URL it was made for.
     */
    public record Handshake(String api, String url, String timestamp, String nonceStr, String signature, Set<String> jsApiList) {
        boolean signs(String pageUrl, String verifyTimestamp, String verifyNonceStr, String verifySignature) {
            return url.equals(pageUrl) && timestamp.equals(verifyTimestamp) && nonceStr.equals(verifyNonceStr)
                    && signature.equals(verifySignature);
        }
    }

    /** One JS-API call as the page made it and as the client answered it. */
    public record Call(String name, String url, String errMsg) {
    }

    /** An event pushed to the page, e.g. {@code onNetworkStatusChange}. */
    public record Event(long seq, String name, JsonNode data) {
    }

    private final String id;
    private final ClientVersion client;
    private final Instant opened;
    private final Deque<Handshake> handshakes = new ArrayDeque<>();
    private final Deque<Call> calls = new ArrayDeque<>();
    private final Deque<Event> events = new ArrayDeque<>();
    private long lastSeq;
    private boolean closed;

    BridgePage(String id, ClientVersion client, Instant opened) {
        this.id = id;
        this.client = client;
        this.opened = opened;
    }

    public String id() {
        return id;
    }

    public ClientVersion client() {
        return client;
    }

    public Instant opened() {
        return opened;
    }

    synchronized void handshake(Handshake h) {
        handshakes.addLast(h);
        while (handshakes.size() > MAX_HANDSHAKES) {
            handshakes.removeFirst();
        }
    }

    /** The newest successful handshake of this API for the page's current URL. */
    synchronized Optional<Handshake> handshakeFor(String api, String pageUrl) {
        return reversed(handshakes).stream().filter(h -> h.api().equals(api) && h.url().equals(pageUrl)).findFirst();
    }

    /** The newest successful handshake whose signature a call carries, on the page's current URL. */
    synchronized Optional<Handshake> signing(String pageUrl, String timestamp, String nonceStr, String signature) {
        return reversed(handshakes).stream().filter(h -> h.signs(pageUrl, timestamp, nonceStr, signature)).findFirst();
    }

    public synchronized List<Handshake> handshakes() {
        return List.copyOf(handshakes);
    }

    synchronized void called(Call call) {
        calls.addLast(call);
        while (calls.size() > MAX_CALLS) {
            calls.removeFirst();
        }
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized void push(String name, JsonNode data) {
        events.addLast(new Event(++lastSeq, name, data));
        while (events.size() > MAX_EVENTS) {
            events.removeFirst();
        }
        notifyAll();
    }

    /**
     * The events after {@code seq}, waiting up to {@code wait} for one to arrive (a long poll, so an
     * event reaches the page as soon as a test fires it). Empty when the page was closed.
     */
    synchronized List<Event> after(long seq, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!closed && events.stream().noneMatch(e -> e.seq() > seq)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return events.stream().filter(e -> e.seq() > seq).toList();
    }

    /** The emulator forgot the page (reset, or too many pages): waiting polls return now. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized boolean closed() {
        return closed;
    }

    private static <T> List<T> reversed(Deque<T> deque) {
        List<T> out = new ArrayList<>(deque.size());
        deque.descendingIterator().forEachRemaining(out::add);
        return out;
    }
}
