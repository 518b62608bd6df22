package io.github.wecom4j;

import io.github.wecom4j.http.WeComHosts;
import io.github.wecom4j.http.WeComHttp;
import io.github.wecom4j.token.AccessTokenCache;
import io.github.wecom4j.token.Credential;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Any {@code /cgi-bin/...} path called with one credential's access token, which WeCom wants in
 * the query string (doc: "access_token must not be put in the body"). A rejected token is replaced
 * and the call made once more, transparently.
 *
 * <p>The scenario facades are built on this; it is public so an API the SDK does not wrap yet is
 * still one line away.
 */
public final class WeComApi {

    private final WeComHttp http;
    private final WeComHosts hosts;
    private final AccessTokenCache tokens;
    private final Credential credential;

    WeComApi(WeComHttp http, WeComHosts hosts, AccessTokenCache tokens, Credential credential) {
        this.http = http;
        this.hosts = hosts;
        this.tokens = tokens;
        this.credential = credential;
    }

    public JsonNode get(String path, Map<String, String> query) {
        return tokens.withToken(credential, token -> http.get(hosts.api(), path, withToken(query, token)));
    }

    /** A GET that uses up what it reads (a login code): not repeated after an answer that may have been lost. */
    public JsonNode getOnce(String path, Map<String, String> query) {
        return tokens.withToken(credential, token -> http.getOnce(hosts.api(), path, withToken(query, token)));
    }

    public JsonNode post(String path, Map<String, String> query, Object body) {
        return tokens.withToken(credential, token -> http.post(hosts.api(), path, withToken(query, token), body));
    }

    public JsonNode post(String path, Object body) {
        return post(path, Map.of(), body);
    }

    /** POST a body that is already UTF-8 JSON (e.g. {@code MessageCall.toJson()}), sent byte for byte. */
    public JsonNode postJson(String path, byte[] json) {
        return tokens.withToken(credential, token -> http.postJson(hosts.api(), path, withToken(Map.of(), token), json));
    }

    /** Uploads one file as multipart part {@code media} (media/upload, media/uploadimg). */
    public JsonNode upload(String path, Map<String, String> query, String filename, String contentType, byte[] content) {
        return tokens.withToken(credential, token -> http.postFile(hosts.api(), path, withToken(query, token), filename,
                contentType, content));
    }

    /** Downloads a file (media/get); WeCom's JSON errors become {@link io.github.wecom4j.error.WeComException}. */
    public WeComHttp.Download download(String path, Map<String, String> query) {
        return tokens.withToken(credential, token -> http.download(hosts.api(), path, withToken(query, token)));
    }

    /** The current access token (for integrations that call WeCom themselves). */
    public String accessToken() {
        return tokens.token(credential);
    }

    /** The state of this credential's token (cached or not, fetches, last error), never the token. */
    public io.github.wecom4j.token.TokenState tokenState() {
        return tokens.state(credential);
    }

    Credential credential() {
        return credential;
    }

    WeComHosts hosts() {
        return hosts;
    }

    private static Map<String, String> withToken(Map<String, String> query, String token) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("access_token", token);
        if (query != null) {
            q.putAll(query);
        }
        return q;
    }
}
