package io.github.wecom4j.emulator.jssdk;

import io.github.wecom4j.emulator.ApiCall;
import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.EmulatorCounters;
import io.github.wecom4j.emulator.TokenAuthority;
import io.github.wecom4j.emulator.VirtualClock;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues the two JS-SDK tickets like WeCom (doc 90506):
 * <ul>
 *   <li>{@code GET /cgi-bin/get_jsapi_ticket} — the enterprise ticket, for {@code wx.config};</li>
 *   <li>{@code GET /cgi-bin/ticket/get?type=agent_config} — the app ticket, for {@code wx.agentConfig};</li>
 *   <li>each lives 7200 s on the emulator's {@link VirtualClock}; a fetch within validity returns the
 *   same ticket with the seconds it has left, as gettoken does;</li>
 *   <li>at most 100 fetches per app and 400 per corp per hour (doc 90454), else 45009. The docs give
 *   no separate figure for agent_config tickets; the emulator applies the same numbers, counted
 *   separately per kind.</li>
 * </ul>
 * A ticket is fetched with an app's token: the contacts-sync token has no app and is refused (48002).
 */
public final class JsApiTicketAuthority {

    /** Which ticket. */
    public enum Kind {
        /** {@code get_jsapi_ticket}: signs {@code wx.config}. */
        JSAPI,
        /** {@code ticket/get?type=agent_config}: signs {@code wx.agentConfig}. */
        AGENT_CONFIG
    }

    /** A ticket as issued: for which app, which kind, until when. */
    public record IssuedTicket(String value, String corpId, int agentId, Kind kind, Instant issuedAt, Instant expiresAt) {
        public boolean validAt(Instant now) {
            return now.isBefore(expiresAt);
        }
    }

    public static final Duration LIFETIME = Duration.ofSeconds(7200);
    public static final int PER_APP_PER_HOUR = 100;
    public static final int PER_CORP_PER_HOUR = 400;

    private record Key(String corpId, int agentId, Kind kind) {
    }

    private final VirtualClock clock;
    private final JsonMapper json;
    private final EmulatorCounters counters;
    private final int perAppPerHour;
    private final int perCorpPerHour;
    private final SecureRandom random = new SecureRandom();
    private final HourlyQuota quota = new HourlyQuota();
    private final ConcurrentMap<Key, IssuedTicket> current = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();

    public JsApiTicketAuthority(VirtualClock clock, JsonMapper json, EmulatorCounters counters) {
        this(clock, json, counters, PER_APP_PER_HOUR, PER_CORP_PER_HOUR);
    }

    public JsApiTicketAuthority(VirtualClock clock, JsonMapper json, EmulatorCounters counters, int perAppPerHour,
                                int perCorpPerHour) {
        this.clock = clock;
        this.json = json;
        this.counters = counters;
        this.perAppPerHour = perAppPerHour;
        this.perCorpPerHour = perCorpPerHour;
    }

    /** Route of {@code GET /cgi-bin/get_jsapi_ticket}. */
    public ObjectNode getJsapiTicket(ApiCall call) {
        return issue(call, Kind.JSAPI);
    }

    /** Route of {@code GET /cgi-bin/ticket/get?type=agent_config}. */
    public ObjectNode getAgentTicket(ApiCall call) {
        String type = call.requireParam("type", 40058);
        if (!"agent_config".equals(type)) {
            throw new ApiError(40058, "invalid type: " + type.replaceAll("[^A-Za-z0-9_]", "?")
                    + " (self-built apps use type=agent_config)");
        }
        return issue(call, Kind.AGENT_CONFIG);
    }

    /** The ticket that is valid now for this app and kind, if one was issued. */
    public Optional<IssuedTicket> valid(String corpId, int agentId, Kind kind) {
        Instant now = clock.instant();
        return Optional.ofNullable(current.get(new Key(corpId, agentId, kind))).filter(t -> t.validAt(now));
    }

    /** Every ticket of a kind valid now in the corp, whichever app fetched it. */
    public List<IssuedTicket> validInCorp(String corpId, Kind kind) {
        Instant now = clock.instant();
        return current.values().stream()
                .filter(t -> t.corpId().equals(corpId) && t.kind() == kind && t.validAt(now)).toList();
    }

    public long issuedCount() {
        return issued.get();
    }

    public void reset() {
        current.clear();
        quota.clear();
        issued.set(0);
    }

    private ObjectNode issue(ApiCall call, Kind kind) {
        TokenAuthority.Scope scope = call.scope();
        if (scope.contacts()) {
            throw new ApiError(48002, "api forbidden: JS-SDK tickets belong to an app, not to the contacts-sync secret");
        }
        Instant now = clock.instant();
        boolean allowed = quota.tryAcquire(now, List.of(
                new HourlyQuota.Limit(kind + "|" + scope.corpId() + "|" + scope.agentId(), perAppPerHour),
                new HourlyQuota.Limit(kind + "|" + scope.corpId(), perCorpPerHour)));
        if (!allowed) {
            counters.increment("ticket freq limited " + kind);
            throw new ApiError(45009, "api freq out of limit");
        }
        Key key = new Key(scope.corpId(), scope.agentId(), kind);
        IssuedTicket ticket = current.compute(key, (k, existing) -> {
            if (existing != null && existing.validAt(now)) {
                return existing;
            }
            issued.incrementAndGet();
            return new IssuedTicket(newValue(), k.corpId(), k.agentId(), kind, now, now.plus(LIFETIME));
        });
        ObjectNode out = json.createObjectNode();
        out.put("ticket", ticket.value());
        out.put("expires_in", Math.max(1, Duration.between(now, ticket.expiresAt()).toSeconds()));
        return out;
    }

    private String newValue() {
        byte[] bytes = new byte[64];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
