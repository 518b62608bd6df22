package io.github.wecom4j.emulator.login;

import io.github.wecom4j.emulator.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LoginCodesTest {

    @Test
    void codesNeverExchangedAreForgottenOnceExpired() {
        VirtualClock clock = new VirtualClock();
        LoginCodes codes = new LoginCodes(clock);
        for (int i = 0; i < 255; i++) {
            codes.issue(new LoginCodes.Grant(1000002, "lisi", null, false));
        }
        assertThat(codes.held()).isEqualTo(255);
        clock.advance(LoginCodes.CODE_LIFETIME.plus(Duration.ofSeconds(1)));
        codes.issue(new LoginCodes.Grant(1000002, "lisi", null, false));
        assertThat(codes.held()).isEqualTo(1);
    }
}
