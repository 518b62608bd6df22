package io.github.wecom4j.spring;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.http.TransportMetrics;
import io.github.wecom4j.jssdk.ConfigKind;
import io.github.wecom4j.token.TokenState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The SDK's own counters as Micrometer meters (the core stays free of Micrometer; this binder is
 * registered only where Micrometer is present):
 * <ul>
 *   <li>{@code wecom.transport.*}: calls, attempts, retries, system-busy answers ({@code -1}),
 *   network errors, calls that failed after every retry;</li>
 *   <li>{@code wecom.token.fetches} / {@code wecom.token.failing} / {@code wecom.token.remaining}
 *   per credential ({@code contacts}, {@code app <agentid>}): gettoken calls, whether the last
 *   fetch was refused, seconds the cached token has left;</li>
 *   <li>{@code wecom.jssdk.ticket.fetches} / {@code wecom.jssdk.ticket.failing} per app and kind
 *   ({@code corp} jsapi_ticket, {@code agent} agent_config ticket).</li>
 * </ul>
 * Never a token, ticket or secret: tags are labels and agentids only.
 */
public final class WeComMeters implements MeterBinder {

    private final WeComClient client;

    public WeComMeters(WeComClient client) {
        this.client = client;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        transport(registry, "calls", TransportMetrics.Snapshot::calls, "calls to WeCom");
        transport(registry, "attempts", TransportMetrics.Snapshot::attempts, "HTTP attempts, retries included");
        transport(registry, "retries", TransportMetrics.Snapshot::retries, "retries after -1 or a network failure");
        transport(registry, "system.busy", TransportMetrics.Snapshot::systemBusy, "answers with errcode -1");
        transport(registry, "network.errors", TransportMetrics.Snapshot::networkErrors, "network failures and 5xx");
        transport(registry, "exhausted", TransportMetrics.Snapshot::exhausted, "calls that failed after every retry");
        client.credentialStates().keySet().forEach(label -> state(registry, "wecom.token", "credential", label,
                c -> c.credentialStates().get(label)));
        for (int agentId : client.apps().keySet()) {
            for (ConfigKind kind : ConfigKind.values()) {
                String name = kind == ConfigKind.CONFIG ? "corp" : "agent";
                Function<WeComClient, TokenState> ticket = c -> c.apps().get(agentId).jssdk().ticketState(kind);
                FunctionCounter.builder("wecom.jssdk.ticket.fetches", client, c -> ticket.apply(c).fetches())
                        .description("JS-SDK ticket fetches").tag("app", String.valueOf(agentId)).tag("kind", name)
                        .register(registry);
                Gauge.builder("wecom.jssdk.ticket.failing", client, c -> failing(ticket.apply(c)))
                        .description("1 when the last ticket fetch was refused").tag("app", String.valueOf(agentId))
                        .tag("kind", name).register(registry);
            }
        }
    }

    private void transport(MeterRegistry registry, String name, ToDoubleFunction<TransportMetrics.Snapshot> value,
                           String description) {
        FunctionCounter.builder("wecom.transport." + name, client, c -> value.applyAsDouble(c.transportMetrics()))
                .description(description).register(registry);
    }

    // Micrometer holds the measured object weakly: it must be the client (a bean that lives as long as the
    // registry), never a lambda made here, which the next GC would collect (the meter then reads NaN).
    private void state(MeterRegistry registry, String prefix, String tag, String label,
                       Function<WeComClient, TokenState> state) {
        FunctionCounter.builder(prefix + ".fetches", client, c -> state.apply(c).fetches()).description("gettoken calls")
                .tag(tag, label).register(registry);
        Gauge.builder(prefix + ".failing", client, c -> failing(state.apply(c)))
                .description("1 when the last fetch was refused (see the console for the errcode)").tag(tag, label)
                .register(registry);
        Gauge.builder(prefix + ".remaining", client, c -> state.apply(c).remaining().toSeconds()).baseUnit("seconds")
                .description("lifetime left of the cached token").tag(tag, label).register(registry);
    }

    private static double failing(TokenState s) {
        return s.lastErrcode() == null ? 0 : 1;
    }
}
