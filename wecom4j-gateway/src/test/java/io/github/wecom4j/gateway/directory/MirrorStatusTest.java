package io.github.wecom4j.gateway.directory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code GET /api/directory/status} tells an API caller when a reconcile fails. */
class MirrorStatusTest extends MirrorTestBase {

    @Test
    void aFailedReconcileIsReportedWithoutWeComsTrailer() {
        // 60020: the gateway's IP is not among the app's trusted IPs; WeCom's errmsg then ends with
        // "from ip: <the gateway's egress address>", which is for the gateway's log only.
        emulator.faults().failNext(1, 60020, "/cgi-bin/department/simplelist");
        try {
            Response failed = call("POST", "/api/directory/reconcile", "application/json", null);
            assertThat(failed.status()).isGreaterThanOrEqualTo(400);
            assertThat(failed.json().toString()).doesNotContain("from ip");
            String lastError = get("/api/directory/status").json().path("lastError").asString();
            assertThat(lastError).contains("60020").doesNotContain("from ip").doesNotContain("more info");
        } finally {
            emulator.faults().clear();
        }
        reconcile();
        assertThat(differences()).isEmpty();
    }
}
