package io.github.wecom4j;

import io.github.wecom4j.http.Redaction;

/**
 * A self-built app: its {@code agentid}, its own secret, and a name for humans.
 * {@link #toString()} never shows the secret.
 */
public record AppCredentials(int agentId, String secret, String name) {

    public AppCredentials {
        if (agentId <= 0) {
            throw new IllegalArgumentException("agentId must be a positive integer, got " + agentId);
        }
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("secret of app " + agentId + " is required");
        }
        name = name == null || name.isBlank() ? "app " + agentId : name;
    }

    @Override
    public String toString() {
        return "AppCredentials[agentId=" + agentId + ", name=" + name + ", secret=" + Redaction.fingerprint(secret) + "]";
    }
}
