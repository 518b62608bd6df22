package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.gateway.web.ApiKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The directory API over real HTTP, read from the embedded emulator's demo corp. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DirectoryApiTest {

    @LocalServerPort
    int port;

    @Autowired
    ApiKeys apiKeys;

    private HttpResponse<String> get(String path, boolean withKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (withKey) {
            b.header(ApiKeys.HEADER, apiKeys.demoKey());
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void departmentsMembersAndTheirManyDepartments() throws Exception {
        assertThat(get("/api/directory/departments", true).body()).contains("\"id\":4").contains("\"parentId\":2");
        assertThat(get("/api/directory/departments/4/members", true).body()).contains("\"userId\":\"lisi\"")
                .contains("\"userId\":\"sunqi\"").doesNotContain("wangwu");
        assertThat(get("/api/directory/members/zhaoliu", true).body()).contains("\"memberships\":[{\"departmentId\":2,").contains("{\"departmentId\":3,");
    }

    @Test
    void refusalsAreTypedErrors() throws Exception {
        assertThat(get("/api/directory/departments", false).statusCode()).isEqualTo(401);
        HttpResponse<String> ghost = get("/api/directory/members/ghost", true);
        // an unknown member is a lookup's 404, without WeCom's raw errmsg (its "from ip" names our egress IP)
        assertThat(ghost.statusCode()).isEqualTo(404);
        assertThat(ghost.body()).contains("\"errcode\":60111").doesNotContain("from ip");
        HttpResponse<String> bad = get("/api/directory/members/@all", true);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"errcode\":40003");
    }
}
