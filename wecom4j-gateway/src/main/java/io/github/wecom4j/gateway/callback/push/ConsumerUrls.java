package io.github.wecom4j.gateway.callback.push;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which consumer URLs a subscription may have: absolute http(s), a host, no credentials in the URL,
 * at most 2048 characters, no internal address unless allowed ({@link ConsumerAddresses}), and
 * never the gateway itself. A subscription pointing back at the
 * gateway would make every push a request to its own API (a loop, or an API key-less probe of its
 * endpoints), so "itself" is refused in every form we can know: the host and port the caller used
 * to reach us, the configured public URL, and any address of this machine with our own port.
 */
@Component
public class ConsumerUrls {

    static final int MAX_LENGTH = 2048;

    private final String publicUrl;
    private final PushProperties props;
    private final HostLookup dns;
    private volatile int localPort = -1;

    /** What a push's connection is refused with when its host resolves where it may not go. */
    static final class AddressNotAllowed extends UnknownHostException {
        AddressNotAllowed(String host) {
            super(host + ": address not allowed");
        }
    }

    ConsumerUrls(@Value("${wecom.login.public-url:}") String publicUrl, PushProperties props,
                 ObjectProvider<HostLookup> dns) {
        this.publicUrl = publicUrl == null ? "" : publicUrl.trim();
        this.props = props;
        this.dns = dns.getIfAvailable(() -> HostLookup.SYSTEM);
        addresses(); // a malformed allowed-hosts entry stops the start-up, named
    }

    /** The application's own server; a management (actuator) server on another port is not where the API is. */
    @EventListener
    void onServerStarted(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return;
        }
        localPort = event.getWebServer().getPort();
    }

    /**
     * Checked right before each push, by name: the URL is the gateway's public one. Its addresses are
     * checked when the push connects ({@link #connectable}), not here.
     */
    boolean pointsAtPublicUrl(URI uri) {
        return pointsAtPublicUrl(uri.getHost().toLowerCase(Locale.ROOT), port(uri));
    }

    /**
     * The addresses a push to {@code host} may connect to, from one lookup; the push's HTTP client
     * resolves with this ({@link PushClient}), so the address checked is the address connected to.
     * Checking first and letting the client resolve again would leave a gap: a DNS server answering
     * with a time-to-live of 0 can give the check an allowed address and the connection an internal
     * one (DNS rebinding), and the JVM's cache of lookups (networkaddress.cache.ttl) can run out
     * between the two.
     *
     * @param port the port to connect to, or -1 if not known (then only the allowlist is checked)
     * @throws AddressNotAllowed when an address is internal and not allowed, or is this machine at
     *                           the gateway's own port (a loop)
     */
    InetAddress[] connectable(String host, int port) throws UnknownHostException {
        InetAddress[] all = lookup(host);
        if (!addresses().allowed(host, all) || (port >= 0 && port == localPort && anyOfThisMachine(all))) {
            throw new AddressNotAllowed(ConsumerAddresses.bare(host));
        }
        return all;
    }

    private ConsumerAddresses addresses() {
        return new ConsumerAddresses(props.getAllowedHosts());
    }

    /**
     * The checked URL, or {@link PushRefused}. {@code requestHost} is the Host header of the request
     * creating the subscription (null when configured in application.yml).
     */
    public URI check(String url, String requestHost) {
        if (url == null || url.isBlank()) {
            throw PushRefused.invalid("url is required", "the consumer's http(s) URL that receives the pushes");
        }
        if (url.length() > MAX_LENGTH) {
            throw PushRefused.invalid("url is longer than " + MAX_LENGTH + " characters", "use a shorter consumer URL");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw PushRefused.invalid("url is not a valid URL", "e.g. https://consumer.example.com/wecom-events");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw PushRefused.invalid("url must be http or https", "pushes are HTTP POSTs; got scheme '" + scheme + "'"
                    + " / 订阅地址必须是 http(s)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw PushRefused.invalid("url has no host", "e.g. https://consumer.example.com/wecom-events");
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            // java.net.URI takes any digits; the HTTP client refuses such a port on every push
            throw PushRefused.invalid("url has an invalid port", "a port is 1-65535, e.g. https://consumer.example.com:8443/x");
        }
        if (uri.getRawUserInfo() != null) {
            throw PushRefused.invalid("url must not carry credentials", "the push is authenticated by its signature;"
                    + " remove user:password@ from the URL");
        }
        if (uri.getRawFragment() != null) {
            throw PushRefused.invalid("url must not have a #fragment", "a fragment is never sent to a server");
        }
        if (pointsAtGateway(uri, requestHost)) {
            throw PushRefused.invalid("url points at the gateway itself", "a subscription must name the consumer's own"
                    + " address; pushing to the gateway would loop / 订阅地址不能指向网关自身");
        }
        if (internal(uri.getHost())) {
            throw PushRefused.invalid("url points at an internal address (loopback, private, link-local, multicast or"
                    + " unspecified)", "pushes go to public addresses; an operator can allow internal consumers by listing"
                    + " the host or its network in gateway.callbacks.push.allowed-hosts / 订阅地址不能是内网地址，除非运维在"
                    + " allowed-hosts 中列出");
        }
        return uri;
    }

    private boolean internal(String host) {
        try {
            return !addresses().allowed(host, lookup(host));
        } catch (UnknownHostException e) {
            // Not resolvable now: accepted; every push checks the address it resolves to then.
            return false;
        }
    }

    private boolean pointsAtGateway(URI uri, String requestHost) {
        int port = port(uri);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (requestHost != null && !requestHost.isBlank() && sameHostAndPort(host, port, requestHost, uri.getScheme())) {
            return true;
        }
        if (pointsAtPublicUrl(host, port)) {
            return true;
        }
        return port == localPort && isThisMachine(host);
    }

    private boolean pointsAtPublicUrl(String host, int port) {
        if (publicUrl.isEmpty()) {
            return false;
        }
        try {
            URI pub = new URI(publicUrl);
            return pub.getHost() != null && pub.getHost().equalsIgnoreCase(host) && port(pub) == port;
        } catch (URISyntaxException ignored) {
            return false; // a malformed public URL is LoginConfiguration's to report
        }
    }

    private static boolean sameHostAndPort(String host, int port, String requestHost, String scheme) {
        String h = requestHost.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        String hostPart = colon > h.lastIndexOf(']') && colon >= 0 ? h.substring(0, colon) : h;
        int reqPort = colon > h.lastIndexOf(']') && colon >= 0 ? parsePort(h.substring(colon + 1))
                : (scheme.equalsIgnoreCase("https") ? 443 : 80);
        return hostPart.equals(host) && reqPort == port;
    }

    private static int parsePort(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Loopback, the wildcard address, or an address of one of this machine's interfaces. */
    private boolean isThisMachine(String host) {
        try {
            return anyOfThisMachine(lookup(host));
        } catch (UnknownHostException e) {
            // Not resolvable now: not this machine as far as we can tell; each push checks again.
            return false;
        }
    }

    /** The addresses of a URL's host ({@code [::1]} as written in a URL, too). */
    private InetAddress[] lookup(String host) throws UnknownHostException {
        return dns.lookup(ConsumerAddresses.bare(host));
    }

    private static boolean anyOfThisMachine(InetAddress[] addresses) {
        try {
            for (InetAddress a : addresses) {
                if (a.isLoopbackAddress() || a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null) {
                    return true;
                }
            }
            return false;
        } catch (SocketException e) {
            return true;
        }
    }
}
