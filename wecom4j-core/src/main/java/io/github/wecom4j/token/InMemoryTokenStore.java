package io.github.wecom4j.token;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The default {@link TokenStore}: one map per process. */
public final class InMemoryTokenStore implements TokenStore {

    private final ConcurrentMap<String, AccessToken> tokens = new ConcurrentHashMap<>();

    @Override
    public Optional<AccessToken> get(String key) {
        return Optional.ofNullable(tokens.get(key));
    }

    @Override
    public void put(String key, AccessToken token) {
        tokens.put(key, token);
    }

    @Override
    public void remove(String key, String value) {
        tokens.computeIfPresent(key, (k, current) -> current.value().equals(value) ? null : current);
    }
}
