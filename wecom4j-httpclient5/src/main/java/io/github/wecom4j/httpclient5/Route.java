package io.github.wecom4j.httpclient5;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;

/**
 * One origin (scheme, host, port) and its share of the pool: a semaphore of {@code maxConnections}
 * permits, one per connection in use or being opened, and the kept-alive connections waiting idle,
 * most recently used first (the warmest, the least likely to have been closed by the server).
 */
final class Route {

    private final String scheme;
    private final String uriHost;
    private final int uriPort;
    final String host;
    final int port;
    final boolean tls;
    /** The {@code Host} header: the authority as the URI names it (RFC 9112 §3.2), without user info. */
    final String hostHeader;
    final Semaphore permits;
    final ConcurrentLinkedDeque<PooledConnection> idle = new ConcurrentLinkedDeque<>();

    private Route(URI uri, String host, int port, boolean tls, String hostHeader, int maxConnections) {
        this.scheme = uri.getScheme();
        this.uriHost = uri.getHost();
        this.uriPort = uri.getPort();
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.hostHeader = hostHeader;
        // Fair: callers beyond the pool size are served in arrival order, as HttpClient's pool did,
        // so none waits out its timeout while later ones get through.
        this.permits = new Semaphore(maxConnections, true);
    }

    /** True when {@code uri} is on this origin (compared field by field: no key built per call). */
    boolean serves(URI uri) {
        return uri.getPort() == uriPort && uriHost.equalsIgnoreCase(uri.getHost()) && scheme.equalsIgnoreCase(uri.getScheme());
    }

    static Route of(URI uri, int maxConnections) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls;
        switch (scheme) {
            case "http" -> tls = false;
            case "https" -> tls = true;
            default -> throw new IllegalArgumentException("not an http(s) URI: " + scheme + "://" + uri.getHost());
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("no host in the URI");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
        String hostHeader = uri.getPort() >= 0 ? host + ":" + uri.getPort() : host;
        // An IPv6 literal comes back from URI.getHost() in brackets; the socket wants it without.
        String address = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return new Route(uri, address, port, tls, hostHeader, maxConnections);
    }
}
