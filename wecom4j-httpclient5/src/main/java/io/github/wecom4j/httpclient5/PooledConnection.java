package io.github.wecom4j.httpclient5;

import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.time.Duration;

/**
 * One HTTP/1.1 connection of the pool and what the pool needs to know about it: since when it is
 * idle and until when the server keeps it. Used by one caller at a time (the pool hands it out
 * from its idle deque, whose hand-over publishes these fields).
 */
final class PooledConnection {

    /**
     * A connection idle longer than this is checked before use (a 1 ms read that would see the
     * server's FIN), as HttpClient's {@code validateAfterInactivity} did: servers close idle
     * connections, and a request written on one is lost without a provable "not sent". Checking
     * every time would cost each call that millisecond.
     */
    static final long VALIDATE_AFTER_IDLE_NANOS = 1_000_000_000L;

    private static final Timeout ONE_MILLISECOND = Timeout.ofMilliseconds(1);

    final DefaultBHttpClientConnection http;
    private long idleSince;
    private long expiresAt;
    private long socketTimeoutMillis = -1;

    PooledConnection(DefaultBHttpClientConnection http) {
        this.http = http;
    }

    /** The read timeout for the next answer; set on the socket only when it changes. */
    void readTimeout(Duration timeout) {
        long millis = Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        if (millis != socketTimeoutMillis) {
            http.setSocketTimeout(Timeout.ofMilliseconds(millis));
            socketTimeoutMillis = millis;
        }
    }

    /** Back to the pool at {@code now}, reusable for {@code keepAliveNanos}. */
    void idleFrom(long now, long keepAliveNanos) {
        idleSince = now;
        expiresAt = now + keepAliveNanos;
    }

    boolean expired(long now) {
        return now - expiresAt >= 0;
    }

    /** Open, within the server's keep-alive, and (after a second idle) not closed by the server. */
    boolean reusable(long now) {
        if (expired(now) || !http.isOpen()) {
            return false;
        }
        if (now - idleSince < VALIDATE_AFTER_IDLE_NANOS) {
            return true;
        }
        try {
            // isStale() sees the server's FIN; bytes the server sent unasked (a 408 before closing,
            // say) pass it but would be read as the answer to our next request: not reusable either.
            return !http.isStale() && !http.isDataAvailable(ONE_MILLISECOND);
        } catch (IOException e) {
            return false;
        }
    }

    void close() {
        http.close(CloseMode.IMMEDIATE);
    }
}
