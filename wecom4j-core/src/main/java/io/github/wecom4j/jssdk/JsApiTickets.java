package io.github.wecom4j.jssdk;

import io.github.wecom4j.WeComApi;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.token.AccessToken;
import io.github.wecom4j.token.RefreshingTokenCache;
import io.github.wecom4j.token.TokenPolicy;
import io.github.wecom4j.token.TokenState;
import io.github.wecom4j.token.TokenStore;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The two JS-SDK tickets of one app, fetched with the app's own access token and cached like the
 * token itself (doc 90506): they live {@code expires_in} (7200 s) and WeCom allows only 100
 * fetches per app and 400 per corp per hour, so they must be cached server-side. Each ticket gets
 * a {@link RefreshingTokenCache} in the app's {@link TokenStore}: single-flight, refresh-ahead,
 * shared across instances when the store is.
 *
 * <p>The ticket calls go through the app's {@link WeComApi}, so a rejected access token is
 * replaced and the ticket call retried once. The last few tickets seen are kept in memory (never
 * shown anywhere) so {@link SignatureDiagnostician} can recognise a signature made with an expired
 * one.
 */
final class JsApiTickets {

    /** Tickets kept per kind for diagnosis: a page signed two or three tickets ago still tells us why. */
    static final int HISTORY = 4;

    private final WeComApi api;
    private final Clock clock;
    private final TokenStore store;
    private final Map<ConfigKind, RefreshingTokenCache> caches = new EnumMap<>(ConfigKind.class);
    private final Map<ConfigKind, String> keys = new EnumMap<>(ConfigKind.class);
    private final Map<ConfigKind, Deque<AccessToken>> history = new EnumMap<>(ConfigKind.class);
    private final Map<ConfigKind, AtomicReference<String>> lastSeen = new EnumMap<>(ConfigKind.class);

    JsApiTickets(WeComApi api, String credentialKey, String appLabel, TokenStore store, Clock clock, TokenPolicy policy) {
        this.api = api;
        this.clock = clock;
        this.store = store;
        for (ConfigKind kind : ConfigKind.values()) {
            String key = (kind == ConfigKind.CONFIG ? "jsapi_ticket:" : "agent_config_ticket:") + credentialKey;
            keys.put(kind, key);
            history.put(kind, new ArrayDeque<>());
            lastSeen.put(kind, new AtomicReference<>());
            caches.put(kind, new RefreshingTokenCache(kind.ticketName() + " of " + appLabel, key,
                    () -> fetch(kind), store, clock, policy));
        }
    }

    /** A ticket valid now; WeCom is asked at most once however many pages load at the same time. */
    String ticket(ConfigKind kind) {
        String value = caches.get(kind).get();
        if (!value.equals(lastSeen.get(kind).get())) {
            // Fetched by another instance sharing the store, or first use: remember it for diagnosis.
            remember(kind, store.get(keys.get(kind)).filter(t -> t.value().equals(value)).orElse(null));
        }
        return value;
    }

    /** Drops a ticket WeCom's client refused (42012), if it is still the cached one. */
    void invalidate(ConfigKind kind, String value) {
        caches.get(kind).invalidate(value);
    }

    TokenState state(ConfigKind kind) {
        return caches.get(kind).state();
    }

    /** The cached ticket of a kind without fetching one. */
    Optional<AccessToken> peek(ConfigKind kind) {
        return store.get(keys.get(kind));
    }

    /** Tickets of this kind seen by this process, newest first (the current one included). */
    List<AccessToken> seen(ConfigKind kind) {
        Deque<AccessToken> h = history.get(kind);
        synchronized (h) {
            return new ArrayList<>(h);
        }
    }

    private AccessToken fetch(ConfigKind kind) {
        JsonNode body = api.get(kind.ticketPath(), kind.ticketQuery());
        String ticket = body.path("ticket").asString("");
        long expiresIn = body.path("expires_in").asLong(7200);
        if (ticket.isEmpty() || expiresIn <= 0) {
            throw new WeComException(WeComException.TRANSPORT_FAILURE,
                    kind.ticketPath() + " answered errcode 0 without ticket/expires_in", kind.ticketPath());
        }
        AccessToken fresh = AccessToken.of(ticket, clock.instant(), expiresIn);
        remember(kind, fresh);
        return fresh;
    }

    private void remember(ConfigKind kind, AccessToken ticket) {
        if (ticket == null) {
            return;
        }
        Deque<AccessToken> h = history.get(kind);
        lastSeen.get(kind).set(ticket.value());
        synchronized (h) {
            if (!h.isEmpty() && h.peekFirst().value().equals(ticket.value())) {
                return;
            }
            h.removeIf(t -> t.value().equals(ticket.value()));
            h.addFirst(ticket);
            while (h.size() > HISTORY) {
                h.removeLast();
            }
        }
    }
}
