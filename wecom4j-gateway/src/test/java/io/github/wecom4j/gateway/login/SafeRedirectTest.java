package io.github.wecom4j.gateway.login;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafeRedirectTest {

    @Test
    void sameOriginPathsPass() {
        assertThat(SafeRedirect.requireLocalPath("/login.html")).isEqualTo("/login.html");
        assertThat(SafeRedirect.requireLocalPath("/a/b?x=1&y=%2F#top")).isEqualTo("/a/b?x=1&y=%2F#top");
        assertThat(SafeRedirect.requireLocalPath(null)).isEqualTo(SafeRedirect.DEFAULT);
        assertThat(SafeRedirect.requireLocalPath("")).isEqualTo(SafeRedirect.DEFAULT);
    }

    @Test
    void anythingABrowserCouldReadAsAnotherOriginIsRefused() {
        for (String bad : new String[]{"https://evil.example/", "//evil.example/x", "/\\evil.example", "\\\\evil.example",
                "javascript:alert(1)", "evil.example", "http:/evil.example", "/ok\r\nLocation: https://evil", "/a\tb",
                "/" + "a".repeat(1024)}) {
            assertThatThrownBy(() -> SafeRedirect.requireLocalPath(bad)).as(bad)
                    .isInstanceOfSatisfying(LoginRefusedException.class, e -> {
                        assertThat(e.errcode()).isEqualTo(40035);
                        assertThat(e.getMessage()).contains("only same-origin relative paths");
                    });
        }
    }
}
