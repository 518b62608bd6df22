package io.github.wecom4j.http;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;

/** Query strings are encoded exactly as URLEncoder does; the fast path only skips its copies. */
class WeComHttpUriTest {

    @Test
    void theQueryIsTheOneUrlEncoderWouldWrite() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("access_token", "aB3-_.*xyz");
        query.put("userid", "zhang san");
        query.put("name", "张三&x=1+2%3");
        query.put("skipped", null);
        query.put("a~b", "~!'()");
        query.put("empty", "");
        URI base = URI.create("http://127.0.0.1:8080");
        assertThat(WeComHttp.uri(base, "/cgi-bin/user/get", query)).isEqualTo(previous(base, "/cgi-bin/user/get", query));
        assertThat(WeComHttp.uri(base, "/cgi-bin/department/list", Map.of()))
                .isEqualTo(URI.create("http://127.0.0.1:8080/cgi-bin/department/list"));
    }

    /** How the SDK built URLs before: a joiner and URLEncoder for every key and value. */
    private static URI previous(URI base, String path, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&", "?", "");
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getValue() != null) {
                q.add(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            }
        }
        return URI.create(base + path + q);
    }
}
