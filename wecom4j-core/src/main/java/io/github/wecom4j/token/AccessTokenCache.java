package io.github.wecom4j.token;

import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.http.WeComHttp;
import io.github.wecom4j.http.WeComHosts;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Access tokens of every credential a client uses, one {@link RefreshingTokenCache} each, fetched
 * with {@code GET /cgi-bin/gettoken?corpid=ID&corpsecret=SECRET} (doc 91039).
 */
public final class AccessTokenCache {

    /**
     * Errcodes after which WeCom wants a new token (doc 90313): 40014 invalid (also seen for a merely
     * expired token), 42001 expired, 40001 "invalid credential" (a secret reset invalidates tokens;
     * wechatpy and WxJava refresh on it too). A retried call whose gettoken then fails with 40001
     * surfaces that error, so a wrong secret still costs one gettoken.
     */
    public static final List<Integer> TOKEN_REJECTED = List.of(40014, 42001, 40001);

    private final WeComHttp http;
    private final WeComHosts hosts;
    private final TokenStore store;
    private final Clock clock;
    private final TokenPolicy policy;
    private final ConcurrentMap<Credential, RefreshingTokenCache> caches = new ConcurrentHashMap<>();
    private final Map<Credential, String> labels = new ConcurrentHashMap<>();

    public AccessTokenCache(WeComHttp http, WeComHosts hosts, TokenStore store, Clock clock, TokenPolicy policy) {
        this.http = http;
        this.hosts = hosts;
        this.store = store;
        this.clock = clock;
        this.policy = policy;
    }

    /** Registers a credential under a human label ("app 1000002", "contacts") shown in {@link #states()}. */
    public void label(Credential credential, String label) {
        labels.put(credential, label);
        cache(credential);
    }

    /** A valid access token for {@code credential}. */
    public String token(Credential credential) {
        return cache(credential).get();
    }

    /** Drops {@code token} if it is still the cached one. */
    public void invalidate(Credential credential, String token) {
        cache(credential).invalidate(token);
    }

    /**
     * Calls {@code call} with a valid token; if WeCom rejects the token, drops it, fetches a new
     * one (once, shared with concurrent callers) and calls again, once.
     */
    public <T> T withToken(Credential credential, Function<String, T> call) {
        String token = token(credential);
        try {
            return call.apply(token);
        } catch (WeComException e) {
            if (!TOKEN_REJECTED.contains(e.errcode())) {
                throw e;
            }
            invalidate(credential, token);
            return call.apply(token(credential));
        }
    }

    /** State of every token this client has touched, for consoles and health checks. */
    public Map<String, TokenState> states() {
        Map<String, TokenState> out = new LinkedHashMap<>();
        caches.values().forEach(cache -> {
            TokenState state = cache.state();
            out.put(state.label(), state);
        });
        return out;
    }

    public TokenState state(Credential credential) {
        return cache(credential).state();
    }

    private RefreshingTokenCache cache(Credential credential) {
        return caches.computeIfAbsent(credential, c -> new RefreshingTokenCache(
                labels.getOrDefault(c, "access_token " + c.corpId() + "/" + c.cacheKey().substring(c.corpId().length() + 1)),
                "access_token:" + c.cacheKey(), () -> fetch(c), store, clock, policy));
    }

    private AccessToken fetch(Credential credential) {
        JsonNode body = http.get(hosts.api(), "/cgi-bin/gettoken",
                Map.of("corpid", credential.corpId(), "corpsecret", credential.secret()));
        String token = body.path("access_token").asString("");
        long expiresIn = body.path("expires_in").asLong(7200);
        if (token.isEmpty() || expiresIn <= 0) {
            throw new WeComException(WeComException.TRANSPORT_FAILURE,
                    "gettoken answered errcode 0 without access_token/expires_in", "/cgi-bin/gettoken");
        }
        return AccessToken.of(token, clock.instant(), expiresIn);
    }
}
