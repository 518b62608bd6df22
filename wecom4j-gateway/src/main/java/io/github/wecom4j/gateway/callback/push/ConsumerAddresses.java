package io.github.wecom4j.gateway.callback.push;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which addresses the gateway may push to. A subscription is made by anyone holding an API key,
 * so without a rule its URL would let them make the gateway call what only the gateway can reach
 * (server-side request forgery): the cloud metadata service (169.254.169.254), the database's admin
 * port, other internal services. Internal addresses are therefore refused unless the operator
 * lists them in {@code gateway.callbacks.push.allowed-hosts}: host names (exact, case-insensitive)
 * or addresses / CIDR blocks ({@code 10.20.0.0/16}, {@code fd00::/8}).
 *
 * <p>Internal: loopback, unspecified (0.0.0.0/8, ::), link-local (169.254/16, fe80::/10),
 * private (10/8, 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT (100.64/10), multicast and
 * broadcast; an IPv4 address inside IPv6 (::ffff:a.b.c.d, 64:ff9b::a.b.c.d) is judged as IPv4.
 */
final class ConsumerAddresses {

    private record Block(byte[] network, int prefix) {

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (b[full] & mask) == (network[full] & mask);
        }
    }

    private final List<String> hosts = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();

    /** The allowlist; {@link IllegalArgumentException} naming a malformed entry. */
    ConsumerAddresses(List<String> allowed) {
        for (String raw : allowed == null ? List.<String>of() : allowed) {
            String entry = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            if (!isLiteral(host)) {
                if (slash >= 0 || !host.matches("[a-z0-9.-]{1,253}")) {
                    throw new IllegalArgumentException("gateway.callbacks.push.allowed-hosts: '" + raw
                            + "' is neither a host name nor an address or CIDR block");
                }
                hosts.add(host);
                continue;
            }
            InetAddress network = literal(host);
            int max = network.getAddress().length * 8;
            int prefix = max;
            if (slash >= 0) {
                String bits = entry.substring(slash + 1);
                prefix = bits.matches("\\d{1,3}") ? Integer.parseInt(bits) : -1;
                if (prefix < 0 || prefix > max) {
                    throw new IllegalArgumentException("gateway.callbacks.push.allowed-hosts: '" + raw
                            + "' has a prefix length outside 0.." + max);
                }
            }
            blocks.add(new Block(network.getAddress(), prefix));
        }
    }

    /** True when {@code host} (as written in the URL) is listed by name. */
    boolean hostListed(String host) {
        return hosts.contains(bare(host).toLowerCase(Locale.ROOT));
    }

    /** May the gateway connect to {@code a}? Public addresses always; internal ones only when listed. */
    boolean allowed(InetAddress a) {
        return !internal(a) || blocks.stream().anyMatch(b -> b.contains(a));
    }

    /**
     * May the gateway connect to {@code host} at {@code addresses} (what it resolved to)? True when
     * the host is listed by name, or every address is allowed: a name that resolves to one internal
     * address among public ones is refused whole, whichever address a connection would try first.
     */
    boolean allowed(String host, InetAddress[] addresses) {
        if (hostListed(host)) {
            return true;
        }
        for (InetAddress a : addresses) {
            if (!allowed(a)) {
                return false;
            }
        }
        return true;
    }

    static boolean internal(InetAddress a) {
        InetAddress v4 = embeddedIpv4(a);
        if (v4 != null) {
            return internal(v4);
        }
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            return first == 0 // "this network", 0.0.0.0/8
                    || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT, 100.64/10
                    || (first == 255 && (b[1] & b[2] & b[3] & 0xFF) == 0xFF); // broadcast
        }
        return (b[0] & 0xFE) == 0xFC; // unique local, fc00::/7
    }

    /** The IPv4 address inside an IPv4-mapped (::ffff:0:0/96) or NAT64 (64:ff9b::/96) IPv6 address. */
    private static InetAddress embeddedIpv4(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return null;
        }
        byte[] b = a.getAddress();
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= b[i] == 0;
        }
        mapped &= (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
        boolean nat64 = (b[0] & 0xFF) == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B;
        for (int i = 4; i < 12 && nat64; i++) {
            nat64 = b[i] == 0;
        }
        if (!mapped && !nat64) {
            return null;
        }
        try {
            return InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static InetAddress literal(String host) {
        try {
            // A literal: parsed, never looked up.
            return InetAddress.getByName(bare(host));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("gateway.callbacks.push.allowed-hosts: '" + host + "' is not an address");
        }
    }
}
