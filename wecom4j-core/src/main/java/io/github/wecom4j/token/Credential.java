package io.github.wecom4j.token;

import io.github.wecom4j.http.Redaction;

import java.util.Objects;

/**
 * What {@code gettoken} is called with: a corp id and one secret. WeCom gives every app its own
 * secret, and the contacts-sync tool another; each yields a token of its own scope (doc 91039), so
 * a credential, not a corp, is the unit of caching.
 *
 * <p>{@link #toString()} never shows the secret; {@link #cacheKey()} holds only a digest of it, so
 * a shared store (Redis) never learns a secret either.
 */
public record Credential(String corpId, String secret) {

    public Credential {
        if (corpId == null || corpId.isBlank()) {
            throw new IllegalArgumentException("corpId is required");
        }
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("secret is required for corp " + corpId);
        }
    }

    /** Key under which this credential's token is stored: corp id + digest of the secret. */
    public String cacheKey() {
        return corpId + ":" + Redaction.fingerprint(secret);
    }

    @Override
    public String toString() {
        return "Credential[corpId=" + corpId + ", secret=" + Redaction.fingerprint(secret) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credential c && corpId.equals(c.corpId) && secret.equals(c.secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(corpId, secret);
    }
}
