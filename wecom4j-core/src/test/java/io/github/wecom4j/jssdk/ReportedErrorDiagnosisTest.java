package io.github.wecom4j.jssdk;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.WeComConfig;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorExtension;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.http.WeComHosts;
import io.github.wecom4j.jssdk.SignatureDiagnosis.Cause;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The diagnosis of what Tencent's {@code @wecom/jssdk} reports: the client's API names
 * ({@code preVerifyJSAPI:invalid signature}, {@code agentConfig:invalid signature}) and refused
 * calls ({@code <api>:permission denied}), with signatures the SDK made against the emulator.
 */
class ReportedErrorDiagnosisTest {

    @RegisterExtension
    static final WeComEmulatorExtension WECOM = new WeComEmulatorExtension();

    static final String PAGE = "http://localhost:8080/orders/detail?id=42";

    JsSdk jssdk;

    @BeforeEach
    void client() {
        WeComClient client = WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(WeComHosts.allAt(WECOM.emulator().baseUri()))
                .clock(WECOM.emulator().clock())
                .app(DemoCorp.APPROVALS_AGENT_ID, DemoCorp.APPROVALS_SECRET, "approvals")
                .build());
        jssdk = client.app(DemoCorp.APPROVALS_AGENT_ID).jssdk();
    }

    @Test
    void theOfficialSdksNamesAndJweixinsNameTheSameConfigs() {
        assertThat(JsApiError.parse("preVerifyJSAPI:invalid signature").configKind()).contains(ConfigKind.CONFIG);
        assertThat(JsApiError.parse("config:invalid signature").configKind()).contains(ConfigKind.CONFIG);
        assertThat(JsApiError.parse("agentConfig:invalid signature").configKind()).contains(ConfigKind.AGENT_CONFIG);
        assertThat(JsApiError.parse("getContext:permission denied").configKind()).isEmpty();
        JsApiError withLink = JsApiError.parse("agentConfig:invalid signature more info at"
                + " https://open.work.weixin.qq.com/devtool/query?e=40093");
        assertThat(withLink.reason()).isEqualTo("invalid signature");
        assertThat(withLink.invalidSignature()).isTrue();
    }

    @Test
    void aConfigErrorIsDiagnosedAsThatConfigWhateverKindThePageSaid() {
        String signedFor = "http://localhost:8080/orders/detail";
        WxConfig cfg = jssdk.config(signedFor);
        // the page reports the corp config's signature under the agent config (an old client fails
        // agentConfig with the config's error): the errMsg decides which config it was
        SignatureDiagnosis d = jssdk.diagnose("preVerifyJSAPI:invalid signature", new PageSignature(ConfigKind.AGENT_CONFIG,
                PAGE, signedFor, cfg.timestamp(), cfg.nonceStr(), cfg.signature()), null);
        assertThat(d.cause()).isEqualTo(Cause.URL_QUERY_DIFFERS);
        assertThat(d.message()).startsWith("wx.config on");

        WxAgentConfig agent = jssdk.agentConfig(PAGE);
        assertThat(jssdk.diagnose("agentConfig:invalid signature", new PageSignature(ConfigKind.AGENT_CONFIG, PAGE, PAGE,
                agent.timestamp(), agent.nonceStr(), agent.signature()), null).cause()).isEqualTo(Cause.SIGNATURE_OK);
    }

    @Test
    void aRefusedCallWithARightConfigIsNotPermittedAndSaysWhy() {
        WxAgentConfig agent = jssdk.agentConfig(PAGE);
        PageSignature carried = new PageSignature(ConfigKind.AGENT_CONFIG, PAGE + "#/list", PAGE, agent.timestamp(),
                agent.nonceStr(), agent.signature());

        SignatureDiagnosis unlisted = jssdk.diagnose("hideOptionMenu:permission denied", carried,
                List.of("getContext", "checkJsApi"));
        assertThat(unlisted.cause()).isEqualTo(Cause.API_NOT_PERMITTED);
        assertThat(unlisted.message()).contains("hideOptionMenu is not in the jsApiList").contains("getContext");

        SignatureDiagnosis listed = jssdk.diagnose("getContext:permission denied", carried, List.of("getContext"));
        assertThat(listed.cause()).isEqualTo(Cause.API_NOT_PERMITTED);
        assertThat(listed.message()).contains("refuses getContext itself").contains("visible range");
    }

    @Test
    void aCallRefusedAfterTheUrlChangedBlamesTheSignature() {
        WxAgentConfig agent = jssdk.agentConfig(PAGE);
        SignatureDiagnosis d = jssdk.diagnose("getContext:permission denied", new PageSignature(ConfigKind.AGENT_CONFIG,
                PAGE + "&step=2", PAGE, agent.timestamp(), agent.nonceStr(), agent.signature()), List.of("getContext"));
        assertThat(d.cause()).isEqualTo(Cause.URL_QUERY_DIFFERS);
        assertThat(d.message()).contains("does not sign this page");
    }

    @Test
    void agentConfigRefusedBeforeConfigNeedsConfigFirst() {
        WxAgentConfig agent = jssdk.agentConfig(PAGE);
        SignatureDiagnosis d = jssdk.diagnose("agentConfig:permission denied", new PageSignature(ConfigKind.AGENT_CONFIG,
                PAGE, PAGE, agent.timestamp(), agent.nonceStr(), agent.signature()), null);
        assertThat(d.cause()).isEqualTo(Cause.CONFIG_NEEDED_FIRST);
        assertThat(d.message()).contains("3.0.24").contains("getConfigSignature");
    }

    @Test
    void otherErrorsAreUnknownAndGarbageIsAValidationError() {
        WxConfig cfg = jssdk.config(PAGE);
        PageSignature page = new PageSignature(ConfigKind.CONFIG, PAGE, PAGE, cfg.timestamp(), cfg.nonceStr(), cfg.signature());
        assertThat(jssdk.diagnose("chooseImage:cancel", page, null).cause()).isEqualTo(Cause.UNKNOWN);
        assertThatThrownBy(() -> jssdk.diagnose("no colon here", page, null)).isInstanceOf(WeComValidationException.class);
        assertThatThrownBy(() -> jssdk.diagnose("x:" + "y".repeat(300), page, null)).isInstanceOf(WeComValidationException.class);
        assertThatThrownBy(() -> jssdk.diagnose(null, page, null)).isInstanceOf(WeComValidationException.class);
    }
}
