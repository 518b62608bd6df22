package io.github.wecom4j.message;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.WeComConfig;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import io.github.wecom4j.emulator.junit.WeComEmulatorExtension;
import io.github.wecom4j.http.WeComHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A broadcast to 10,000 members is exactly 10 message/send calls, and everyone gets it once. */
class BroadcastTest {

    static final int MEMBERS = 10_000;
    static final String SECRET = "big-corp-app-secret-000000000000000000001";

    @RegisterExtension
    static WeComEmulatorExtension wecom = new WeComEmulatorExtension(() -> WeComEmulator.builder().corp(bigCorp()).start());

    static EmulatedCorp bigCorp() {
        List<EmulatedMember> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            members.add(new EmulatedMember("member" + i, "Member " + i, List.of(1L), 1, null, null, null, "0", 1));
        }
        return new EmulatedCorp("ww0big0corp00000001", "Big Co.", null,
                List.of(new EmulatedDepartment(1, "Big Co.", 0, 1, List.of())), members,
                List.of(new EmulatedApp(1000010, "Broadcasts", SECRET, "localhost", null, null, null)));
    }

    @Test
    void tenThousandMembersTakeExactlyTenCalls() {
        WeComEmulator emulator = wecom.emulator();
        WeComClient client = WeComClient.create(WeComConfig.builder("ww0big0corp00000001")
                .hosts(WeComHosts.allAt(emulator.baseUri())).app(1000010, SECRET, "broadcasts").build());
        List<String> everyone = bigCorp().members().stream().map(EmulatedMember::userId).toList();

        SendReport report = client.app(1000010).messages().send(Recipients.users(everyone), TextMessage.of("all hands at 10"));

        assertThat(emulator.counters().calls("/cgi-bin/message/send")).isEqualTo(10);
        assertThat(report.calls()).hasSize(10);
        assertThat(report.msgids()).hasSize(10).doesNotHaveDuplicates();
        assertThat(report.invalidUsers()).isEmpty();
        assertThat(emulator.inboxes().totalDelivered()).isEqualTo(MEMBERS);
        assertThat(emulator.inboxes().sizes().values()).hasSize(MEMBERS).containsOnly(1);
    }
}
