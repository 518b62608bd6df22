package io.github.wecom4j.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    @Test
    void credentialParametersAreMaskedButErrcodeIsKept() {
        String url = "https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1&corpsecret=S3CR3T&x=1"
                + " then /cgi-bin/user/get?access_token=T0K3N&userid=a&code=C0DE&errcode=40014";
        String redacted = Redaction.redact(url);
        assertThat(redacted).doesNotContain("S3CR3T", "T0K3N", "C0DE")
                .contains("corpid=ww1", "corpsecret=***", "access_token=***", "code=***", "errcode=40014");
    }

    @Test
    void fingerprintsDistinguishSecretsWithoutRevealingThem() {
        assertThat(Redaction.fingerprint("secret-a")).startsWith("sha256:").doesNotContain("secret-a")
                .isNotEqualTo(Redaction.fingerprint("secret-b"));
    }
}
