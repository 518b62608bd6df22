package io.github.wecom4j.login;

import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.http.WeComHosts;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The login links, checked against the shapes in WeCom's docs 91022, 98152 and 91019. */
class LoginUrlsTest {

    private final LoginUrls urls = new LoginUrls("ww1234567890", 1000002, WeComHosts.PRODUCTION);
    private final URI callback = URI.create("https://app.example.com/login/callback?from=menu");

    @Test
    void authorizeUrlHasEveryParameterInDocOrderAndTheWechatRedirectFragment() {
        assertThat(urls.authorize(callback, OAuthScope.BASE, "abc123")).hasToString(
                "https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww1234567890"
                        + "&redirect_uri=https%3A%2F%2Fapp.example.com%2Flogin%2Fcallback%3Ffrom%3Dmenu"
                        + "&response_type=code&scope=snsapi_base&state=abc123&agentid=1000002#wechat_redirect");
        assertThat(urls.authorize(callback, OAuthScope.PRIVATE_INFO, "").toString())
                .contains("&scope=snsapi_privateinfo&state=&agentid=1000002#wechat_redirect");
    }

    @Test
    void qrLoginUrlsUseTheNewFormAndKeepTheOldOne() {
        assertThat(urls.qrLogin(callback, "s1")).hasToString(
                "https://login.work.weixin.qq.com/wwlogin/sso/login?login_type=CorpApp&appid=ww1234567890&agentid=1000002"
                        + "&redirect_uri=https%3A%2F%2Fapp.example.com%2Flogin%2Fcallback%3Ffrom%3Dmenu&state=s1");
        assertThat(urls.legacyQrConnect(callback, "web_login@gyoss9")).hasToString(
                "https://open.work.weixin.qq.com/wwopen/sso/qrConnect?appid=ww1234567890&agentid=1000002"
                        + "&redirect_uri=https%3A%2F%2Fapp.example.com%2Flogin%2Fcallback%3Ffrom%3Dmenu&state=web_login%40gyoss9");
    }

    @Test
    void overriddenHostsServeEveryPage() {
        LoginUrls local = new LoginUrls("ww1", 7, WeComHosts.allAt(URI.create("http://127.0.0.1:9999")));
        assertThat(local.authorize(callback, OAuthScope.BASE, "s").toString()).startsWith("http://127.0.0.1:9999/connect/oauth2/authorize?");
        assertThat(local.qrLogin(callback, "s").toString()).startsWith("http://127.0.0.1:9999/wwlogin/sso/login?");
        assertThat(local.legacyQrConnect(callback, "s").toString()).startsWith("http://127.0.0.1:9999/wwopen/sso/qrConnect?");
    }

    @Test
    void aRedirectUriThatIsNotAnAbsoluteHttpUrlIsRefused() {
        for (String bad : new String[]{"/login/callback", "ftp://app.example.com/cb", "javascript:alert(1)",
                "https:///nohost", "https://user:pw@app.example.com/cb"}) {
            assertThatThrownBy(() -> urls.authorize(URI.create(bad), OAuthScope.BASE, "s"))
                    .as(bad).isInstanceOfSatisfying(WeComValidationException.class, e -> {
                        assertThat(e.errcode()).isEqualTo(50001);
                        assertThat(e.getMessage()).contains("redirect_uri");
                    });
            assertThatThrownBy(() -> urls.qrLogin(URI.create(bad), "s")).isInstanceOf(WeComValidationException.class);
        }
        assertThatThrownBy(() -> urls.qrLogin(null, "s")).isInstanceOf(WeComValidationException.class);
    }

    @Test
    void anOAuthStateMustBeLettersAndDigitsUpTo128() {
        assertThat(urls.authorize(callback, OAuthScope.BASE, "a".repeat(128)).toString()).contains("state=" + "a".repeat(128));
        assertThatThrownBy(() -> urls.authorize(callback, OAuthScope.BASE, "a".repeat(129)))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40035));
        assertThatThrownBy(() -> urls.authorize(callback, OAuthScope.BASE, "a&b=c"))
                .isInstanceOf(WeComValidationException.class);
        assertThatThrownBy(() -> urls.qrLogin(callback, "é".repeat(65))).isInstanceOf(WeComValidationException.class);
    }
}
