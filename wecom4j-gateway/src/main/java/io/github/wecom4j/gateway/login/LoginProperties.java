package io.github.wecom4j.gateway.login;

import io.github.wecom4j.login.OAuthScope;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;

/**
 * {@code wecom.login.*}: which app users log in with and how the gateway is reached.
 *
 * @param agentId   the app whose token and agentid the login uses; 0 (default) = the first
 *                  configured app
 * @param scope     OAuth2 scope inside the WeCom client: {@code BASE} (silent, userid only, the
 *                  default) or {@code PRIVATE_INFO} (consent page; name/avatar/email via user_ticket)
 * @param publicUrl the gateway's public base URL (e.g. {@code https://app.example.com}) used for
 *                  the callback; empty = taken from the request (honouring X-Forwarded-* from a
 *                  trusted proxy). Its host must be the app's trusted domain.
 */
@ConfigurationProperties(prefix = "wecom.login")
public record LoginProperties(Integer agentId, OAuthScope scope, URI publicUrl) {

    public LoginProperties {
        agentId = agentId == null ? 0 : agentId;
        scope = scope == null ? OAuthScope.BASE : scope;
        publicUrl = publicUrl == null || publicUrl.toString().isBlank() ? null : publicUrl;
    }
}
