package io.github.wecom4j.gateway.callback.push;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signature covers the event id consumers drop repeats by: a push whose X-WeCom4j-Event-Id
 * was changed in transit no longer verifies. (Over HTTP, every push test's {@link TestConsumer}
 * verifies the same scheme with its own code.)
 */
class PushSignatureTest {

    private static final String SECRET = PushFixture.SECRET;

    @Test
    void theEventIdIsSignedWithTheTimestampAndTheBody() {
        byte[] body = "{\"id\":41}".getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.ofEpochSecond(1_764_662_400L);
        String ts = Long.toString(now.getEpochSecond());
        String signature = PushSignature.sign(SECRET, now.getEpochSecond(), 41, body);
        Duration tolerance = Duration.ofMinutes(5);

        assertThat(PushSignature.verify(SECRET, ts, "41", signature, body, now, tolerance)).isTrue();
        assertThat(PushSignature.verify(SECRET, ts, "42", signature, body, now, tolerance)).as("another event id").isFalse();
        assertThat(PushSignature.verify(SECRET, ts, null, signature, body, now, tolerance)).as("no event id").isFalse();
        assertThat(PushSignature.verify(SECRET, ts, "41", signature, "{\"id\":42}".getBytes(StandardCharsets.UTF_8), now,
                tolerance)).as("another body").isFalse();
        assertThat(PushSignature.verify(SECRET, ts, "41", signature, body, now.plus(Duration.ofMinutes(6)), tolerance))
                .as("replayed too late").isFalse();
    }
}
