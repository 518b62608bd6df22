package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.gateway.web.ApiKeys;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lost update_party callback followed by another move leaves a parent cycle in the mirror until
 * the next reconcile (A under B in the mirror while WeCom has B under A). Queries must still answer,
 * and the tree must still show both departments.
 */
class MirrorCycleTest extends MirrorTestBase {

    @Test
    void aParentCycleFromALostMoveNeitherHangsQueriesNorHidesDepartments() throws Exception {
        emulator.changeContactCallbacks().dropRate(0, 1);
        reconcile(); // loaded and equal to WeCom before the changes
        admin("create_party", "{\"id\":80,\"name\":\"Cycle A\",\"parentid\":2}");
        admin("create_party", "{\"id\":81,\"name\":\"Cycle B\",\"parentid\":80}");
        admin("create_user", "{\"userid\":\"cyclist\",\"name\":\"Cyclist\",\"department\":[81],\"email\":\"cyclist@corp.example\"}");
        emulator.changeContactCallbacks().dropRate(1.0, 1);
        admin("update_party", "{\"id\":81,\"parentid\":2}"); // lost: the mirror still has 81 under 80
        emulator.changeContactCallbacks().dropRate(0, 1);
        admin("update_party", "{\"id\":80,\"parentid\":81}"); // heard: the mirror now has 80 -> 81 -> 80
        try {
            HttpResponse<String> below = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                            + "/api/directory/departments/80/members?descendants=true"))
                    .header(ApiKeys.HEADER, apiKeys.demoKey()).timeout(Duration.ofSeconds(15)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(below.statusCode()).as(below.body()).isEqualTo(200);
            assertThat(below.body()).contains("cyclist");
            String tree = get("/api/directory/tree").json().toString();
            assertThat(tree).contains("\"id\":80").contains("\"id\":81");

            reconcile();
            assertThat(differences()).isEmpty();
            JsonNode healed = get("/api/directory/departments/81/members?descendants=true").json();
            assertThat(healed.toString()).contains("cyclist");
        } finally {
            admin("delete_user", "{\"userid\":\"cyclist\"}");
            admin("delete_party", "{\"id\":80}");
            admin("delete_party", "{\"id\":81}");
        }
    }
}
