package io.github.wecom4j.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retry budget: a deadline by default, a count when asked, both when both are set. */
class RetryPolicyTest {

    private static final long MS = 1_000_000L;

    @Test
    void theDefaultRetriesUntilTenSecondsWhateverTheCount() {
        RetryPolicy p = RetryPolicy.DEFAULT;
        assertThat(p.deadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.maxAttempts()).isEqualTo(RetryPolicy.UNLIMITED_ATTEMPTS);
        assertThat(p.nextDelayNanos(50, 9_000 * MS)).isBetween(500 * MS, 1_000 * MS);
        assertThat(p.nextDelayNanos(1, 10_000 * MS)).isNegative();
    }

    @Test
    void theLastWaitIsCutToEndOnTheDeadline() {
        RetryPolicy p = new RetryPolicy(RetryPolicy.UNLIMITED_ATTEMPTS, Duration.ofMillis(400), Duration.ofMillis(400),
                Duration.ofMillis(1000));
        assertThat(p.nextDelayNanos(3, 900 * MS)).isEqualTo(100 * MS);
        assertThat(p.nextDelayNanos(3, 1000 * MS)).isNegative();
    }

    @Test
    void aCountAloneBoundsTheAttemptsAsBefore() {
        RetryPolicy p = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5));
        assertThat(p.deadline()).isNull();
        assertThat(p.nextDelayNanos(3, Long.MAX_VALUE / 2)).isPositive();
        assertThat(p.nextDelayNanos(4, 0)).isNegative();
        assertThat(RetryPolicy.NONE.nextDelayNanos(1, 0)).isNegative();
    }

    @Test
    void whicheverBoundComesFirstEndsTheRetries() {
        RetryPolicy p = RetryPolicy.until(Duration.ofSeconds(5)).withMaxAttempts(3);
        assertThat(p.nextDelayNanos(3, 0)).isNegative();
        assertThat(p.nextDelayNanos(1, 5_000 * MS)).isNegative();
        assertThat(p.nextDelayNanos(2, 0)).isPositive();
    }

    @Test
    void retriesWithoutAnyBoundOrWithNegativeValuesAreRefused() {
        assertThatThrownBy(() -> new RetryPolicy(RetryPolicy.UNLIMITED_ATTEMPTS, Duration.ZERO, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.until(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
