package io.github.wecom4j.jssdk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The signature against the worked examples published with WeCom's / WeChat's JS-SDK docs. */
class JsSdkSignatureTest {

    static final String TICKET = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
    static final String NONCE = "Wm3WZYTPz0wzccnW";
    static final long TIMESTAMP = 1414587457L;

    @Test
    void reproducesThePublishedExample() {
        // doc 90506 / 96909, "JS-SDK使用权限签名算法"
        assertThat(JsSdkSignature.stringToSign(TICKET, NONCE, TIMESTAMP, "http://mp.weixin.qq.com?params=value"))
                .isEqualTo("jsapi_ticket=" + TICKET + "&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457"
                        + "&url=http://mp.weixin.qq.com?params=value");
        assertThat(JsSdkSignature.sign(TICKET, NONCE, TIMESTAMP, "http://mp.weixin.qq.com?params=value"))
                .isEqualTo("0f9de62fce790f9a083d5c99e95740ceb90c27ed");
    }

    @Test
    void reproducesTheOlderWeChatVariantWithoutQuery() {
        assertThat(JsSdkSignature.sign(TICKET, NONCE, TIMESTAMP, "http://mp.weixin.qq.com"))
                .isEqualTo("f4d90daf4b3bca3078ab155816175ba34c443a7b");
    }

    @Test
    void signsTheUrlWithoutItsFragment() {
        assertThat(JsSdkSignature.sign(TICKET, NONCE, TIMESTAMP, "http://mp.weixin.qq.com?params=value#/route?x=1"))
                .isEqualTo("0f9de62fce790f9a083d5c99e95740ceb90c27ed");
        assertThat(JsSdkSignature.withoutFragment("https://a.example/p?q=1#frag")).isEqualTo("https://a.example/p?q=1");
        assertThat(JsSdkSignature.withoutFragment("https://a.example/p")).isEqualTo("https://a.example/p");
    }

    @Test
    void signatureIsLowerCaseHexOfFortyDigits() {
        assertThat(JsSdkSignature.sign("t", "n", 1, "https://a.example/")).matches("[0-9a-f]{40}");
    }

    @Test
    void noncesAreSixteenLettersOrDigitsAndDoNotRepeat() {
        Nonces nonces = new Nonces();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String n = nonces.next();
            assertThat(n).matches("[A-Za-z0-9]{16}");
            seen.add(n);
        }
        assertThat(seen).hasSize(1000);
    }
}
