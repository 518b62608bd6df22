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
 *
 * <p>Magic secrets (after Slack's mock server): {@code wecom4j-magic-<errcode>}, e.g.
 * {@code wecom4j-magic-60020}, always answers that errcode, so a test can provoke an untrusted IP
 * (60020), a frequency block (45009) or anything else without scripting faults.
 */
final class GetTokenRoute implements ApiRoute {

    private final Supplier<EmulatedCorp> corp;
    private final TokenAuthority tokens;
    private final VirtualClock clock;
    private final JsonMapper json;
    private final EmulatorCounters counters;
    private final SlidingWindowLimiter fetchLimit;
    private final SlidingWindowLimiter wrongSecretLimit;
    /** IPs banned after repeated wrong secrets, until when: the ban applies to every secret (doc 90313). */
    private final java.util.concurrent.ConcurrentMap<String, Instant> bannedUntil = new java.util.concurrent.ConcurrentHashMap<>();

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
        Instant ban = bannedUntil.get(ip);
        if (ban != null && now.isBefore(ban)) {
            counters.increment("gettoken ip banned");
            throw new ApiError(45009, "api freq out of limit (ip banned after repeated wrong secrets)");
        }
        EmulatedCorp c = corp.get();
        if (!c.corpId().equals(corpId)) {
            throw new ApiError(40013, "invalid corpid");
        }
        if (secret.startsWith(MAGIC_PREFIX)) {
            throw magic(secret);
        }
        TokenAuthority.Scope scope = tokens.scopeOf(c, secret).orElse(null);
        if (scope == null) {
            counters.increment("gettoken wrong secret");
            if (!wrongSecretLimit.tryAcquire(ip, now)) {
                bannedUntil.put(ip, now.plus(Duration.ofHours(1)));
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

    static final String MAGIC_PREFIX = "wecom4j-magic-";

    private static ApiError magic(String secret) {
        String code = secret.substring(MAGIC_PREFIX.length());
        try {
            int errcode = Integer.parseInt(code);
            return new ApiError(errcode, switch (errcode) {
                case 60020 -> "not allow to access from your ip";
                case 45009 -> "api freq out of limit";
                case 40014 -> "invalid access_token";
                case 42001 -> "access_token expired";
                default -> "magic secret errcode " + errcode;
            });
        } catch (NumberFormatException e) {
            return new ApiError(40001, "invalid credential (magic secret without an errcode)");
        }
    }

    void reset() {
        fetchLimit.clear();
        wrongSecretLimit.clear();
        bannedUntil.clear();
    }
}
