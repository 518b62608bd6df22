package io.github.wecom4j.token;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near copy's rules, seen from outside: {@code shared} stands for the store every process
 * shares, and writing to it directly is what another process does. (Counting the shared store's
 * commands is RedisNearCacheTest's, on real Redis.)
 */
class NearCachedTokenStoreTest {

    private static final TokenPolicy POLICY = TokenPolicy.DEFAULT; // margin 30 s, refresh-ahead 5 min
    private final MutableClock clock = new MutableClock();
    private final InMemoryTokenStore shared = new InMemoryTokenStore();
    private final NearCachedTokenStore near = new NearCachedTokenStore(shared, POLICY, Duration.ofSeconds(1), clock);

    private AccessToken token(String value, Duration left) {
        Instant now = clock.instant();
        return new AccessToken(value, now.minusSeconds(60), now.plus(left));
    }

    private Optional<String> read() {
        return near.get("k").map(AccessToken::value);
    }

    @Test
    void anotherProcessesTokenIsSeenWithinTheBoundNotBefore() {
        shared.put("k", token("t1", Duration.ofHours(1)));
        assertThat(read()).contains("t1");
        shared.put("k", token("t2", Duration.ofHours(1)));
        clock.advance(Duration.ofMillis(999));
        assertThat(read()).as("served from the copy").contains("t1");
        clock.advance(Duration.ofMillis(1));
        assertThat(read()).contains("t2");
    }

    @Test
    void aRejectedTokenIsDroppedAtOnceSoTheRetryReadsTheNewOne() {
        shared.put("k", token("t1", Duration.ofHours(1)));
        assertThat(read()).contains("t1");
        // Another process already replaced it after WeCom rejected it; this one now sees t1 rejected too.
        shared.put("k", token("t2", Duration.ofHours(1)));
        near.remove("k", "t1");
        assertThat(read()).contains("t2");
        assertThat(shared.get("k")).map(AccessToken::value).as("compare-and-remove: t2 kept").contains("t2");
    }

    @Test
    void aRemoveOfTheCurrentTokenLeavesNothingToServe() {
        near.put("k", token("t1", Duration.ofHours(1)));
        near.remove("k", "t1");
        assertThat(read()).isEmpty();
    }

    @Test
    void aPutReplacesTheCopyAtOnce() {
        shared.put("k", token("t1", Duration.ofHours(1)));
        assertThat(read()).contains("t1");
        near.put("k", token("t2", Duration.ofHours(1)));
        assertThat(read()).contains("t2");
    }

    @Test
    void insideTheRefreshAheadWindowTheSharedStoreIsReadEveryTime() {
        shared.put("k", token("t1", Duration.ofMinutes(4)));
        assertThat(read()).contains("t1");
        shared.put("k", token("t2", Duration.ofMinutes(4)));
        assertThat(read()).as("no copy served inside the last 5 minutes").contains("t2");
    }

    @Test
    void neverPastTheExpiryMarginEvenWithoutARefreshAheadWindow() {
        NearCachedTokenStore noWindow = new NearCachedTokenStore(shared,
                new TokenPolicy(Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(10)), Duration.ofSeconds(1), clock);
        shared.put("k", token("t1", Duration.ofSeconds(20)));
        assertThat(noWindow.get("k")).map(AccessToken::value).contains("t1");
        shared.put("k", token("t2", Duration.ofSeconds(20)));
        assertThat(noWindow.get("k")).map(AccessToken::value).contains("t2");
    }

    @Test
    void aTokenGoneFromTheSharedStoreIsGoneHereAfterTheBound() {
        shared.put("k", token("t1", Duration.ofHours(1)));
        assertThat(read()).contains("t1");
        shared.remove("k", "t1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(read()).isEmpty();
    }

    @Test
    void aRefreshUnderTheSharedLockReadsTheSharedStore() {
        shared.put("k", token("t1", Duration.ofHours(1)));
        assertThat(read()).contains("t1");
        shared.put("k", token("t2", Duration.ofHours(1)));
        assertThat(near.withRefreshLock("k", this::read)).contains("t2");
        shared.put("k", token("t3", Duration.ofHours(1)));
        assertThat(near.tryRefreshLock("k", this::read)).contains(Optional.of("t3"));
    }

    @Test
    void aClockThatGoesBackDoesNotStretchACopy() {
        MutableClock late = new MutableClock();
        late.advance(Duration.ofSeconds(10));
        NearCachedTokenStore onLate = new NearCachedTokenStore(shared, POLICY, Duration.ofSeconds(1), late);
        shared.put("k", new AccessToken("t1", Instant.now(), Instant.now().plus(Duration.ofHours(1))));
        onLate.get("k");
        shared.put("k", new AccessToken("t2", Instant.now(), Instant.now().plus(Duration.ofHours(1))));
        // the clock is set back by 10 s: the copy, read "in the future", is not served
        setBack(late, Duration.ofSeconds(10));
        assertThat(onLate.get("k")).map(AccessToken::value).contains("t2");
    }

    @Test
    void zeroStalenessKeepsNoCopy() {
        NearCachedTokenStore off = new NearCachedTokenStore(shared, POLICY, Duration.ZERO, clock);
        shared.put("k", token("t1", Duration.ofHours(1)));
        assertThat(off.get("k")).map(AccessToken::value).contains("t1");
        shared.put("k", token("t2", Duration.ofHours(1)));
        assertThat(off.get("k")).map(AccessToken::value).contains("t2");
    }

    private static void setBack(MutableClock clock, Duration d) {
        clock.advance(d.negated());
    }
}
