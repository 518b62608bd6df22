package io.github.wecom4j;

/**
 * One self-built app: its agentid and an API bound to its own token. The per-app scenarios
 * (messages, JS-SDK agent config, login) hang off this.
 */
public final class WeComApp {

    private final AppCredentials credentials;
    private final WeComApi api;

    WeComApp(AppCredentials credentials, WeComApi api) {
        this.credentials = credentials;
        this.api = api;
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
}
