package io.github.wecom4j;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.http.RetryPolicy;
import io.github.wecom4j.http.WeComHosts;

import java.time.Duration;

/** Clients of the demo corp pointed at a running emulator, with fast retries for tests. */
public final class TestClients {

    public static final RetryPolicy FAST_RETRIES = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5));

    private TestClients() {
    }

    public static WeComConfig.Builder demoConfig(WeComEmulator emulator) {
        return WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(WeComHosts.allAt(emulator.baseUri()))
                .app(DemoCorp.APPROVALS_AGENT_ID, DemoCorp.APPROVALS_SECRET, "approvals")
                .app(DemoCorp.NOTICES_AGENT_ID, DemoCorp.NOTICES_SECRET, "notices")
                .contactsSecret(DemoCorp.CONTACTS_SECRET)
                .retryPolicy(FAST_RETRIES);
    }

    public static WeComClient demoClient(WeComEmulator emulator) {
        return WeComClient.create(demoConfig(emulator).build());
    }
}
