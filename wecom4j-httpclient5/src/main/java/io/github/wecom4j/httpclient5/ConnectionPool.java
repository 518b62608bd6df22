package io.github.wecom4j.httpclient5;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Kept-alive connections per origin, at most {@code maxConnections} in use per origin. A caller
 * takes a permit (waiting at most its request timeout: HttpClient's connection request timeout),
 * then the most recently used idle connection that is still good, else a new one. The transport
 * talks to the three {@code WeComHosts}, so routes live in a small array scanned field by field.
 */
final class ConnectionPool {

    private final int maxConnections;
    private final Connector connector;
    private volatile Route[] routes = new Route[0];
    private volatile boolean closed;
    /** {@link System#nanoTime} but in tests, which move it instead of sleeping past idle limits. */
    private final java.util.function.LongSupplier nanoClock;

    ConnectionPool(int maxConnections, Connector connector, java.util.function.LongSupplier nanoClock) {
        this.maxConnections = maxConnections;
        this.connector = connector;
        this.nanoClock = nanoClock;
    }

    Route route(URI uri) {
        for (Route r : routes) {
            if (r.serves(uri)) {
                return r;
            }
        }
        synchronized (this) {
            for (Route r : routes) {
                if (r.serves(uri)) {
                    return r;
                }
            }
            Route r = Route.of(uri, maxConnections);
            Route[] more = Arrays.copyOf(routes, routes.length + 1);
            more[routes.length] = r;
            routes = more;
            return r;
        }
    }

    /**
     * A connection to {@code route} for one exchange; give it back with {@link #release}.
     *
     * @throws HttpConnectTimeoutException no connection came free within {@code wait}: the request
     *                                     was provably not sent (the transport contract's rule)
     */
    PooledConnection lease(Route route, Duration wait) throws IOException, InterruptedException {
        ensureOpen();
        if (!route.permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new HttpConnectTimeoutException("no pooled connection to " + route.host + " came free within "
                    + wait.toMillis() + " ms (" + maxConnections + " in use)");
        }
        try {
            ensureOpen();
            long now = nanoClock.getAsLong();
            for (PooledConnection c = route.idle.pollFirst(); c != null; c = route.idle.pollFirst()) {
                if (c.reusable(now)) {
                    return c;
                }
                c.close();
            }
            return connector.open(route);
        } catch (IOException | RuntimeException | Error e) {
            route.permits.release();
            throw e;
        }
    }

    /**
     * Ends an exchange: a connection whose answer was read whole and that the server keeps open goes
     * back for {@code keepAliveNanos}; any other is closed.
     */
    void release(Route route, PooledConnection c, boolean reusable, long keepAliveNanos) {
        try {
            if (reusable && !closed) {
                long now = nanoClock.getAsLong();
                c.idleFrom(now, keepAliveNanos);
                route.idle.offerFirst(c);
                closeExpiredTail(route, now);
                if (closed) {
                    // close() ran meanwhile and may have missed this one.
                    drain(route);
                }
            } else {
                c.close();
            }
        } finally {
            route.permits.release();
        }
    }

    /** The least recently used connection, if the server no longer keeps it: no idle sockets linger. */
    private static void closeExpiredTail(Route route, long now) {
        PooledConnection last = route.idle.peekLast();
        if (last != null && last.expired(now) && route.idle.removeLastOccurrence(last)) {
            last.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the transport is closed");
        }
    }

    void close() {
        closed = true;
        for (Route r : routes) {
            drain(r);
        }
    }

    private static void drain(Route route) {
        for (PooledConnection c = route.idle.pollFirst(); c != null; c = route.idle.pollFirst()) {
            c.close();
        }
    }
}
