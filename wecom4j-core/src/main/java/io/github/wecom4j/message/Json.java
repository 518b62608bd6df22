package io.github.wecom4j.message;

import java.util.LinkedHashMap;
import java.util.Map;

/** An insertion-ordered map that skips null values, to build WeCom bodies without empty fields. */
final class Json {

    private final Map<String, Object> map = new LinkedHashMap<>();

    static Json object() {
        return new Json();
    }

    Json put(String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
        return this;
    }

    Map<String, Object> build() {
        return map;
    }
}
