package io.github.wecom4j.gateway.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The error body itself, for inputs no request reaches today but a future one could. */
class ApiErrorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aMissingMessageStillGivesValidJson() {
        JsonNode body = JSON.readTree(new ApiError(40035, null, "hint").json());
        assertThat(body.path("errmsg").asString()).isEmpty();
        assertThat(body.path("hint").asString()).isEqualTo("hint");
    }

    @Test
    void onlyTheGatewaysOwnArgumentChecksAreWordedForCallers() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/callbacks");
        request.addHeader("Accept", "application/json");
        ApiErrorHandler handler = new ApiErrorHandler();
        ResponseEntity<String> own = handler.badRequest(new IllegalArgumentException("limit must be between 1 and 1000"), request);
        assertThat(own.getBody()).contains("limit must be between 1 and 1000");
        ResponseEntity<String> library = handler.badRequest(new NumberFormatException("For input string: \"x\""), request);
        assertThat(library.getStatusCode().value()).isEqualTo(400);
        assertThat(library.getBody()).doesNotContain("For input string").contains("\"errcode\":40035");
        ResponseEntity<String> silent = handler.badRequest(new IllegalArgumentException(), request);
        assertThat(JSON.readTree(silent.getBody()).path("errmsg").asString()).isNotBlank();
    }
}
