package io.github.wecom4j.jssdk;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.WeComConfig;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.jssdk.JsApiTicketAuthority;
import io.github.wecom4j.emulator.junit.WeComEmulatorExtension;
import io.github.wecom4j.http.WeComHosts;
import io.github.wecom4j.jssdk.SignatureDiagnosis.Cause;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The diagnosis names each common mistake. Mistaken signatures are made here by hand, with the
 * ticket the emulator issued, exactly as a buggy server would make them.
 */
class SignatureDiagnosisTest {

    @RegisterExtension
    static final WeComEmulatorExtension WECOM = new WeComEmulatorExtension();

    static final String PAGE = "http://localhost:8080/orders/detail?id=42&tab=items";

    WeComEmulator emulator;
    JsSdk jssdk;

    @BeforeEach
    void client() {
        emulator = WECOM.emulator();
        WeComClient client = WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(WeComHosts.allAt(emulator.baseUri()))
                .clock(emulator.clock())
                .app(DemoCorp.APPROVALS_AGENT_ID, DemoCorp.APPROVALS_SECRET, "approvals")
                .build());
        jssdk = client.app(DemoCorp.APPROVALS_AGENT_ID).jssdk();
    }

    @Test
    void aRightSignatureIsSaidToBeRight() {
        WxConfig cfg = jssdk.config(PAGE);
        SignatureDiagnosis d = jssdk.diagnose(new PageSignature(ConfigKind.CONFIG, PAGE + "#top", PAGE,
                cfg.timestamp(), cfg.nonceStr(), cfg.signature()));
        assertThat(d.cause()).isEqualTo(Cause.SIGNATURE_OK);
        assertThat(d.ok()).isTrue();
        assertThat(d.message()).contains("trusted domain");
    }

    @Test
    void signedWithTheFragment() {
        WxConfig cfg = jssdk.config(PAGE);
        String page = PAGE + "#/items";
        String sig = sha1("jsapi_ticket=" + ticket(JsApiTicketAuthority.Kind.JSAPI) + "&noncestr=" + cfg.nonceStr()
                + "&timestamp=" + cfg.timestamp() + "&url=" + page);
        SignatureDiagnosis d = jssdk.diagnose(new PageSignature(ConfigKind.CONFIG, page, null, cfg.timestamp(),
                cfg.nonceStr(), sig));
        assertThat(d.cause()).isEqualTo(Cause.URL_HAS_FRAGMENT);
        assertThat(d.message()).contains("location.href.split('#')[0]");
    }

    @Test
    void signedForAnotherQueryTheSignedUrlKnown() {
        String signedFor = "http://localhost:8080/orders/detail?id=42";
        WxConfig cfg = jssdk.config(signedFor);
        SignatureDiagnosis d = jssdk.diagnose(new PageSignature(ConfigKind.CONFIG, PAGE, signedFor, cfg.timestamp(),
                cfg.nonceStr(), cfg.signature()));
        assertThat(d.cause()).isEqualTo(Cause.URL_QUERY_DIFFERS);
        assertThat(d.message()).contains("'?id=42' signed").contains("'?id=42&tab=items' in the page");
    }

    @Test
    void signedWithoutTheQueryTheSignedUrlUnknown() {
        WxConfig cfg = jssdk.config("http://localhost:8080/orders/detail");
        SignatureDiagnosis d = jssdk.diagnose(new PageSignature(ConfigKind.CONFIG, PAGE, null, cfg.timestamp(),
                cfg.nonceStr(), cfg.signature()));
        assertThat(d.cause()).isEqualTo(Cause.URL_QUERY_DIFFERS);
    }

    @Test
    void signedForAnotherPath() {
        String signedFor = "http://localhost:8080/orders/list";
        WxConfig cfg = jssdk.config(signedFor);
        SignatureDiagnosis d = jssdk.diagnose(new PageSignature(ConfigKind.CONFIG, PAGE, signedFor, cfg.timestamp(),
                cfg.nonceStr(), cfg.signature()));
        assertThat(d.cause()).isEqualTo(Cause.URL_DIFFERS);
    }

    @Test
    void signedAnEncodedUrl() {
        WxConfig cfg = jssdk.config(PAGE);
        String sig = sha1("jsapi_ticket=" + ticket(JsApiTicketAuthority.Kind.JSAPI) + "&noncestr=" + cfg.nonceStr()
                + "&timestamp=" + cfg.timestamp() + "&url=" + URLEncoder.encode(PAGE, StandardCharsets.UTF_8));
        SignatureDiagnosis d = jssdk.diagnose(new PageSignature(ConfigKind.CONFIG, PAGE, null, cfg.timestamp(),
                cfg.nonceStr(), sig));
        assertThat(d.cause()).isEqualTo(Cause.URL_ESCAPED);
    }

    @Test
    void agentConfigSignedWithTheCorpTicket() {
        WxConfig cfg = jssdk.config(PAGE);
        SignatureDiagnosis d = jssdk.diagnose(new PageSignature(ConfigKind.AGENT_CONFIG, PAGE, PAGE, cfg.timestamp(),
                cfg.nonceStr(), cfg.signature()));
        assertThat(d.cause()).isEqualTo(Cause.WRONG_TICKET_KIND);
        assertThat(d.message()).contains("wx.agentConfig needs the agent_config ticket");
    }

    @Test
    void configSignedWithTheAgentTicket() {
        WxAgentConfig cfg = jssdk.agentConfig(PAGE);
        SignatureDiagnosis d = jssdk.diagnose(new PageSignature(ConfigKind.CONFIG, PAGE, PAGE, cfg.timestamp(),
                cfg.nonceStr(), cfg.signature()));
        assertThat(d.cause()).isEqualTo(Cause.WRONG_TICKET_KIND);
    }

    @Test
    void signedWithAnExpiredTicket() {
        WxConfig stale = jssdk.config(PAGE);
        emulator.clock().advance(Duration.ofSeconds(7300));
        jssdk.config(PAGE); // the page loads again somewhere: a new ticket
        SignatureDiagnosis d = jssdk.diagnose(new PageSignature(ConfigKind.CONFIG, PAGE, PAGE, stale.timestamp(),
                stale.nonceStr(), stale.signature()));
        assertThat(d.cause()).isEqualTo(Cause.TICKET_EXPIRED);
    }

    @Test
    void signedWithCamelCaseNonceKey() {
        WxConfig cfg = jssdk.config(PAGE);
        String sig = sha1("jsapi_ticket=" + ticket(JsApiTicketAuthority.Kind.JSAPI) + "&nonceStr=" + cfg.nonceStr()
                + "&timestamp=" + cfg.timestamp() + "&url=" + PAGE);
        SignatureDiagnosis d = jssdk.diagnose(new PageSignature(ConfigKind.CONFIG, PAGE, PAGE, cfg.timestamp(),
                cfg.nonceStr(), sig));
        assertThat(d.cause()).isEqualTo(Cause.NONCE_KEY_CASE);
        assertThat(d.message()).contains("'noncestr' in lower case");
    }

    @Test
    void severalMistakesAreAllNamedMostFundamentalFirst() {
        WxAgentConfig cfg = jssdk.agentConfig(PAGE);
        String page = PAGE + "#x";
        String sig = sha1("jsapi_ticket=" + ticket(JsApiTicketAuthority.Kind.AGENT_CONFIG) + "&nonceStr=" + cfg.nonceStr()
                + "&timestamp=" + cfg.timestamp() + "&url=" + page);
        SignatureDiagnosis d = jssdk.diagnose(new PageSignature(ConfigKind.CONFIG, page, null, cfg.timestamp(),
                cfg.nonceStr(), sig));
        assertThat(d.cause()).isEqualTo(Cause.WRONG_TICKET_KIND);
        assertThat(d.message()).contains("#fragment").contains("'noncestr' in lower case");
    }

    @Test
    void aSignatureNoKnownTicketMakesIsUnknownAndAGarbledOneMalformed() {
        WxConfig cfg = jssdk.config(PAGE);
        SignatureDiagnosis unknown = jssdk.diagnose(new PageSignature(ConfigKind.CONFIG, PAGE, PAGE, cfg.timestamp() + 1,
                cfg.nonceStr(), cfg.signature()));
        assertThat(unknown.cause()).isEqualTo(Cause.UNKNOWN);
        assertThat(unknown.message()).contains("timestamp and nonceStr");

        SignatureDiagnosis malformed = jssdk.diagnose(new PageSignature(ConfigKind.CONFIG, PAGE, PAGE, cfg.timestamp(),
                cfg.nonceStr(), cfg.signature().toUpperCase()));
        assertThat(malformed.cause()).isEqualTo(Cause.MALFORMED_SIGNATURE);
    }

    @Test
    void theDiagnosisNeverShowsATicketOrAnOauthCode() {
        String page = "http://localhost:8080/login/done?code=SECRETCODE123&state=x";
        WxConfig cfg = jssdk.config("http://localhost:8080/login/done");
        SignatureDiagnosis d = jssdk.diagnose(new PageSignature(ConfigKind.CONFIG, page, "http://localhost:8080/login/done",
                cfg.timestamp(), cfg.nonceStr(), cfg.signature()));
        assertThat(d.cause()).isEqualTo(Cause.URL_QUERY_DIFFERS);
        assertThat(d.message()).doesNotContain("SECRETCODE123").doesNotContain(ticket(JsApiTicketAuthority.Kind.JSAPI));
    }

    @Test
    void incompleteInputIsAValidationError() {
        assertThatThrownBy(() -> jssdk.diagnose(new PageSignature(null, PAGE, null, 1, "n", "s")))
                .isInstanceOf(WeComValidationException.class);
        assertThatThrownBy(() -> jssdk.diagnose(new PageSignature(ConfigKind.CONFIG, "relative", null, 1, "n", "s")))
                .isInstanceOf(WeComValidationException.class);
        assertThatThrownBy(() -> jssdk.diagnose(new PageSignature(ConfigKind.CONFIG, PAGE, null, 1, null, "s")))
                .isInstanceOf(WeComValidationException.class);
    }

    private String ticket(JsApiTicketAuthority.Kind kind) {
        return emulator.jsApiTickets().valid(DemoCorp.CORP_ID, DemoCorp.APPROVALS_AGENT_ID, kind).orElseThrow().value();
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
