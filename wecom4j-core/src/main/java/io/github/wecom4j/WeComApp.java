package io.github.wecom4j;

import io.github.wecom4j.jssdk.JsSdk;

/**
 * One self-built app: its agentid and an API bound to its own token. The per-app scenarios
 * (messages, JS-SDK agent config, login) hang off this.
 */
public final class WeComApp {

    private final AppCredentials credentials;
    private final WeComApi api;
    private final JsSdk jssdk;

    WeComApp(AppCredentials credentials, WeComApi api, JsSdk jssdk) {
        this.credentials = credentials;
        this.api = api;
        this.jssdk = jssdk;
    }

    public int agentId() {
        return credentials.agentId();
    }

    public String name() {
        return credentials.name();
    }

    /** WeCom API calls made with this app's access token. */
    public WeComApi api() {
        return api;
    }

    /** JS-SDK signatures ({@code wx.config}, {@code wx.agentConfig}) with this app's tickets. */
    public JsSdk jssdk() {
        return jssdk;
    }
}
