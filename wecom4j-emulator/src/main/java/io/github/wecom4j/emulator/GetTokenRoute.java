package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.corp.EmulatedCorp;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * {@code GET /cgi-bin/gettoken?corpid=ID&corpsecret=SECRET} (doc 91039).
 *
 * <p>Limits: WeCom's current docs give no number for gettoken; they say an IP that sends wrong
 * secrets repeatedly is banned for an hour (doc 90313, 45009). The emulator applies the legacy
 * figure of 300 fetches per hour per (corp, IP) and bans an IP for the rest of the hour after
 * {@code wrongSecretBan} refused secrets; both are configurable.
 */
final class GetTokenRoute implements ApiRoute {

    private final Supplier<EmulatedCorp> corp;
    private final TokenAuthority tokens;
    private final VirtualClock clock;
    private final JsonMapper json;
    private final EmulatorCounters counters;
    private final SlidingWindowLimiter fetchLimit;
    private final SlidingWindowLimiter wrongSecretLimit;

    GetTokenRoute(Supplier<EmulatedCorp> corp, TokenAuthority tokens, VirtualClock clock, JsonMapper json,
                  EmulatorCounters counters, int fetchesPerHour, int wrongSecretBan) {
        this.corp = corp;
        this.tokens = tokens;
        this.clock = clock;
        this.json = json;
        this.counters = counters;
        this.fetchLimit = new SlidingWindowLimiter(fetchesPerHour, Duration.ofHours(1));
        this.wrongSecretLimit = new SlidingWindowLimiter(wrongSecretBan, Duration.ofHours(1));
    }

    @Override
    public ObjectNode handle(ApiCall call) {
        String corpId = call.requireParam("corpid", 41002);
        String secret = call.requireParam("corpsecret", 41004);
        String ip = call.request().remoteIp();
        Instant now = clock.instant();
        EmulatedCorp c = corp.get();
        if (!c.corpId().equals(corpId)) {
            throw new ApiError(40013, "invalid corpid");
        }
        TokenAuthority.Scope scope = tokens.scopeOf(c, secret).orElse(null);
        if (scope == null) {
            counters.increment("gettoken wrong secret");
            if (!wrongSecretLimit.tryAcquire(ip, now)) {
                counters.increment("gettoken ip banned");
                throw new ApiError(45009, "api freq out of limit (ip banned after repeated wrong secrets)");
            }
            throw new ApiError(40001, "invalid credential, access_token is invalid or not latest");
        }
        if (!fetchLimit.tryAcquire(corpId + "|" + ip, now)) {
            counters.increment("gettoken freq limited");
            throw new ApiError(45009, "api freq out of limit");
        }
        TokenAuthority.IssuedToken token = tokens.tokenFor(scope);
        ObjectNode out = json.createObjectNode();
        out.put("access_token", token.value());
        out.put("expires_in", Math.max(1, Duration.between(now, token.expiresAt()).toSeconds()));
        return out;
    }

    void reset() {
        fetchLimit.clear();
        wrongSecretLimit.clear();
    }
}
