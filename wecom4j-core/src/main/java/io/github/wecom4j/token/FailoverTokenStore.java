package io.github.wecom4j.token;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A shared store (Redis) with a local fallback: while the shared store fails, tokens are kept per
 * process, so an outage of the shared store costs one {@code gettoken} per instance instead of an
 * outage of the service; when it answers again it is used again. Every token is also kept locally,
 * so the switch costs nothing while the token lives.
 *
 * <p>While the shared store is down it is asked again at most every {@code probeEvery} (a hanging
 * Redis would otherwise cost its timeout on every call). {@link #sharedAvailable()} and
 * {@link #lastFailure()} tell health checks and consoles which mode the store is in; the switch is
 * logged once each way.
 *
 * <p>While the shared store answers, its answer is the cluster's: a token it holds is also kept
 * locally (the copy the fallback would use is the cluster's latest), and "none" means none. An
 * earlier version fell back to the local copy on "none"; that copy was this instance's own last
 * fetch, which another instance may have seen rejected and replaced since: after the replacement
 * was rejected here too, the retry used the older rejected token and the call failed.
 */
public final class FailoverTokenStore implements TokenStore {

    private static final Logger log = LoggerFactory.getLogger(FailoverTokenStore.class);

    private final TokenStore shared;
    private final TokenStore local;
    private final Clock clock;
    private final java.time.Duration probeEvery;
    private volatile boolean sharedAvailable = true;
    private volatile Instant lastFailure;
    private volatile String lastFailureReason;

    public FailoverTokenStore(TokenStore shared, TokenStore local, Clock clock, java.time.Duration probeEvery) {
        this.shared = Objects.requireNonNull(shared);
        this.local = Objects.requireNonNull(local);
        this.clock = Objects.requireNonNull(clock);
        this.probeEvery = Objects.requireNonNull(probeEvery);
    }

    public FailoverTokenStore(TokenStore shared) {
        this(shared, new InMemoryTokenStore(), Clock.systemUTC(), java.time.Duration.ofSeconds(5));
    }

    /** Whether to ask the shared store now: always while it works, now and then while it is down. */
    private boolean useShared() {
        Instant failedAt = lastFailure;
        return sharedAvailable || failedAt == null || !clock.instant().isBefore(failedAt.plus(probeEvery));
    }

    /** False while the shared store is failing (tokens are per process meanwhile). */
    public boolean sharedAvailable() {
        return sharedAvailable;
    }

    /**
     * Asks the shared store whether it answers again (at most every {@code probeEvery}), so a health
     * check notices a recovery even while no token is needed; returns {@link #sharedAvailable()}.
     */
    public boolean probe() {
        if (!sharedAvailable && useShared()) {
            try {
                shared.get("probe");
                recovered();
            } catch (RuntimeException e) {
                failed(e);
            }
        }
        return sharedAvailable;
    }

    /** When the shared store last failed, and why (exception class only), or empty. */
    public Optional<String> lastFailure() {
        Instant at = lastFailure;
        return at == null ? Optional.empty() : Optional.of(lastFailureReason + " at " + at);
    }

    @Override
    public Optional<AccessToken> get(String key) {
        if (!useShared()) {
            return local.get(key);
        }
        try {
            Optional<AccessToken> token = shared.get(key);
            recovered();
            token.ifPresent(t -> keepLocally(key, t));
            return token;
        } catch (RuntimeException e) {
            failed(e);
            return local.get(key);
        }
    }

    private void keepLocally(String key, AccessToken token) {
        Optional<AccessToken> kept = local.get(key);
        if (kept.isEmpty() || !kept.get().value().equals(token.value())) {
            local.put(key, token);
        }
    }

    @Override
    public void put(String key, AccessToken token) {
        local.put(key, token);
        if (!useShared()) {
            return;
        }
        try {
            shared.put(key, token);
            recovered();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void remove(String key, String value) {
        local.remove(key, value);
        if (!useShared()) {
            return;
        }
        try {
            shared.remove(key, value);
            recovered();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /**
     * The refresh under the shared store's lock. A failure of the refresh itself (WeCom refused,
     * the network failed) propagates as is; a failure of the shared store runs the refresh as one
     * process instead, unless it already ran (its result stands: never two fetches).
     */
    @Override
    public <T> T withRefreshLock(String key, Supplier<T> refresh) {
        if (!sharedAvailable) {
            return refresh.get();
        }
        RefreshOutcome<T> outcome = new RefreshOutcome<>();
        try {
            return shared.withRefreshLock(key, () -> outcome.run(refresh));
        } catch (RefreshFailed e) {
            throw e.failure;
        } catch (RuntimeException storeFailure) {
            failed(storeFailure);
            return outcome.ran ? outcome.value : refresh.get();
        }
    }

    /** As {@link #withRefreshLock}, but a refresh-ahead is simply skipped when the store fails first. */
    @Override
    public <T> Optional<T> tryRefreshLock(String key, Supplier<T> refresh) {
        if (!sharedAvailable) {
            return Optional.ofNullable(refresh.get());
        }
        RefreshOutcome<T> outcome = new RefreshOutcome<>();
        try {
            return shared.tryRefreshLock(key, () -> outcome.run(refresh));
        } catch (RefreshFailed e) {
            throw e.failure;
        } catch (RuntimeException storeFailure) {
            failed(storeFailure);
            return outcome.ran ? Optional.ofNullable(outcome.value) : Optional.empty();
        }
    }

    /** Remembers whether and what the refresh returned, and marks its own failures. */
    private static final class RefreshOutcome<T> {
        private volatile boolean ran;
        private volatile T value;

        T run(Supplier<T> refresh) {
            try {
                value = refresh.get();
                ran = true;
                return value;
            } catch (RuntimeException e) {
                throw new RefreshFailed(e);
            }
        }
    }

    /** A failure of the refresh (not of the store), carried through the store's lock unchanged. */
    private static final class RefreshFailed extends RuntimeException {
        private final RuntimeException failure;

        RefreshFailed(RuntimeException failure) {
            super(failure);
            this.failure = failure;
        }
    }

    private void failed(RuntimeException e) {
        lastFailure = clock.instant();
        lastFailureReason = e.getClass().getSimpleName();
        if (sharedAvailable) {
            sharedAvailable = false;
            log.warn("shared token store unavailable ({}): keeping tokens per instance until it answers again",
                    e.getClass().getSimpleName());
        }
    }

    private void recovered() {
        if (!sharedAvailable) {
            sharedAvailable = true;
            log.info("shared token store answers again: tokens are shared by the cluster again");
        }
    }
}
