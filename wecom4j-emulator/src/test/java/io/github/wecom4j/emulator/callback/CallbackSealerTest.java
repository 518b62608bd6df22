package io.github.wecom4j.emulator.callback;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The emulator's own callback crypto against Tencent's published sample (doc 90968). */
class CallbackSealerTest {

    private final CallbackSealer tencent = new CallbackSealer("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
            "wx5823bf96d3bd56c7");

    @Test
    void reproducesTheSampleEchostrAndItsSignature() {
        String echostr = tencent.seal("c41b64491c2468d0".getBytes(StandardCharsets.US_ASCII), "1616140317555161061");
        assertThat(echostr).isEqualTo("P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==");
        assertThat(tencent.signature("1409659589", "263014780", echostr)).isEqualTo("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3");
        assertThat(tencent.open(echostr)).isEqualTo("1616140317555161061");
    }

    @Test
    void refusesWhatWasSealedForAnotherCorp() {
        CallbackSealer other = new CallbackSealer("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wwOther");
        String sealed = other.seal(new byte[16], "hello");
        assertThatThrownBy(() -> tencent.open(sealed)).isInstanceOf(IllegalArgumentException.class);
    }
}
