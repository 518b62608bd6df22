package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues and checks access tokens like WeCom (doc 91039):
 * <ul>
 *   <li>one token per (corpid, secret), i.e. per app or the contacts tool, each with its own scope;</li>
 *   <li>repeated gettoken within validity returns the same token (as the 2020 doc said), with
 *   {@code expires_in} = seconds it has left; after expiry a new one;</li>
 *   <li>an expired token answers 42001, an unknown or revoked one 40014, a missing one 41001.</li>
 * </ul>
 */
public final class TokenAuthority {

    /** Who a token speaks for: an app (agentid) or the contacts-sync tool (agentId 0). */
    public record Scope(String corpId, int agentId) {
        public boolean contacts() {
            return agentId == 0;
        }
    }

    /** A token as issued. */
    public record IssuedToken(String value, Scope scope, Instant issuedAt, Instant expiresAt) {
    }

    public static final Duration LIFETIME = Duration.ofSeconds(7200);

    private final VirtualClock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<Scope, IssuedToken> current = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, IssuedToken> everIssued = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Boolean> revoked = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();

    TokenAuthority(VirtualClock clock) {
        this.clock = clock;
    }

    /** The scope a secret unlocks in this corp, if any. */
    Optional<Scope> scopeOf(EmulatedCorp corp, String secret) {
        if (secret.equals(corp.contactsSecret())) {
            return Optional.of(new Scope(corp.corpId(), 0));
        }
        return corp.apps().stream().filter(a -> a.secret().equals(secret)).findFirst()
                .map(EmulatedApp::agentId).map(id -> new Scope(corp.corpId(), id));
    }

    /** The valid token of {@code scope}, issuing a new one if there is none. */
    IssuedToken tokenFor(Scope scope) {
        Instant now = clock.instant();
        return current.compute(scope, (s, existing) -> {
            if (existing != null && now.isBefore(existing.expiresAt()) && !revoked.containsKey(existing.value())) {
                return existing;
            }
            IssuedToken fresh = new IssuedToken(newTokenValue(), s, now, now.plus(LIFETIME));
            everIssued.put(fresh.value(), fresh);
            issued.incrementAndGet();
            return fresh;
        });
    }

    /** Checks a token as every {@code /cgi-bin} API does. */
    IssuedToken authenticate(String token) {
        if (token == null || token.isEmpty()) {
            throw new ApiError(41001, "access_token missing");
        }
        IssuedToken t = everIssued.get(token);
        if (t == null || revoked.containsKey(token)) {
            throw new ApiError(40014, "invalid access_token");
        }
        if (!clock.instant().isBefore(t.expiresAt())) {
            throw new ApiError(42001, "access_token expired");
        }
        return t;
    }

    /** Revokes one token (WeCom may invalidate tokens early "for operational reasons"). */
    public boolean revoke(String token) {
        if (!everIssued.containsKey(token)) {
            return false;
        }
        revoked.put(token, Boolean.TRUE);
        return true;
    }

    /** Revokes every token issued so far; returns how many were valid. */
    public int revokeAll() {
        int n = 0;
        Instant now = clock.instant();
        for (IssuedToken t : everIssued.values()) {
            if (revoked.putIfAbsent(t.value(), Boolean.TRUE) == null && now.isBefore(t.expiresAt())) {
                n++;
            }
        }
        return n;
    }

    public long issuedCount() {
        return issued.get();
    }

    void reset() {
        current.clear();
        everIssued.clear();
        revoked.clear();
        issued.set(0);
    }

    private String newTokenValue() {
        byte[] bytes = new byte[96];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
