package io.github.wecom4j.gateway.message;

/**
 * The outbox's senders must never wait for a pooled connection to WeCom: a sender that waits holds
 * its claimed call (and lease) while doing nothing, and the throughput the senders were sized for is
 * lost without any error to show it. wecom4j-httpclient5 caps the connections per host
 * ({@code wecom.transport-max-connections}, default 64); the JDK client has no cap.
 *
 * <p>Besides the senders, other request threads call WeCom through the same client (login,
 * JS-SDK tickets, media, directory reads, the console); {@link #OTHER_CALLERS} connections are
 * kept for them, so a burst of those never takes a sender's connection.
 */
public final class SenderConnections {

    /** Connections left for the gateway's other WeCom callers. */
    static final int OTHER_CALLERS = 8;

    private SenderConnections() {
    }

    /**
     * Fails start-up, naming both properties, when a capped pool is smaller than the senders plus
     * {@link #OTHER_CALLERS}.
     *
     * @param maxConnections the transport's cap per host, or {@code null} when it has none (JDK)
     */
    public static void check(Integer maxConnections, int senders) {
        if (maxConnections != null && maxConnections < senders + OTHER_CALLERS) {
            throw new IllegalStateException("wecom.transport-max-connections=" + maxConnections + " is too small for "
                    + "gateway.messages.senders=" + senders + ": each sender needs a connection of its own, plus "
                    + OTHER_CALLERS + " for the gateway's other WeCom calls; set it to at least " + (senders + OTHER_CALLERS));
        }
    }

    /** The bean that stands for "checked" in the context. */
    public record Checked() {
    }
}
