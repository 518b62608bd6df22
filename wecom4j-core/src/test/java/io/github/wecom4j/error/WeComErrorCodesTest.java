package io.github.wecom4j.error;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WeComErrorCodesTest {

    @Test
    void theTableCoversTheCommonGlobalCodesWithBothHints() {
        assertThat(WeComErrorCodes.all()).hasSizeGreaterThanOrEqualTo(60);
        assertThat(WeComErrorCodes.all()).containsKeys(-1, 40001, 40013, 40014, 40029, 41001, 42001, 45009, 48002,
                60011, 60020, 81013, 301002);
        WeComErrorCodes.all().values().forEach(e -> {
            assertThat(e.hintEn()).as("English hint of %s", e.code()).isNotBlank();
            assertThat(e.hintZh()).as("Chinese hint of %s", e.code()).isNotBlank();
            assertThat(e.name()).matches("[A-Z0-9_]+");
        });
    }

    @Test
    void anExceptionCarriesCodeMessageAndHint() {
        WeComException e = new WeComException(42001, "access_token expired", "/cgi-bin/user/get");
        assertThat(e.errcode()).isEqualTo(42001);
        assertThat(e.hint()).isEqualTo(WeComErrorCodes.lookup(42001).orElseThrow().hint());
        assertThat(e.getMessage()).contains("42001", "/cgi-bin/user/get", "access_token expired");
    }

    @Test
    void anUnknownCodeStillGetsAClearHint() {
        WeComException e = new WeComException(987654, "who knows", null);
        assertThat(e.hint()).contains("987654").contains("devtool/query?e=987654");
    }
}
