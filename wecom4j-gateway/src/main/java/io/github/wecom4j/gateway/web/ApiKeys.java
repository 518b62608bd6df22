package io.github.wecom4j.gateway.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The API keys internal callers present in {@code X-API-Key}. Compared in constant time; never
 * logged except the generated demo key of emulated mode, which unlocks only the emulator.
 *
 * @param demoKey the generated key in emulated mode, null otherwise
 */
public record ApiKeys(List<String> keys, String demoKey) {

    public static final String HEADER = "X-API-Key";

    public ApiKeys {
        keys = keys.stream().filter(k -> k != null && !k.isBlank()).map(String::trim).toList();
    }

    public boolean accepts(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (String k : keys) {
            ok |= MessageDigest.isEqual(p, k.getBytes(StandardCharsets.UTF_8));
        }
        return ok;
    }
}
