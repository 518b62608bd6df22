package io.github.wecom4j.contact;

import io.github.wecom4j.TestClients;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import io.github.wecom4j.error.WeComException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WeComEmulatorTest
class TagsTest {

    @Test
    void tagsReportWhatWeComSkippedInsteadOfDroppingIt(WeComEmulator emulator) {
        Tags tags = TestClients.demoClient(emulator).contacts().tags();
        int oncall = tags.create("On call");
        TagChange change = tags.add(oncall, List.of("lisi", "ghost", "sunqi"), List.of(3L, 99L));
        assertThat(change.complete()).isFalse();
        assertThat(change.invalidUserIds()).containsExactly("ghost");
        assertThat(change.invalidDepartmentIds()).containsExactly(99L);
        TagMembers members = tags.get(oncall);
        assertThat(members.name()).isEqualTo("On call");
        assertThat(members.members()).extracting(MemberSummary::userId).containsExactly("lisi", "sunqi");
        assertThat(members.departmentIds()).containsExactly(3L);
        assertThat(tags.remove(oncall, List.of("sunqi"), List.of()).complete()).isTrue();
        tags.rename(oncall, "Pager");
        assertThat(tags.list()).contains(new Tag(oncall, "Pager"));
        tags.delete(oncall);
        assertThatThrownBy(() -> tags.get(oncall)).satisfies(e -> assertThat(((WeComException) e).errcode()).isEqualTo(40068));
    }

    @Test
    void anAppChangesOnlyTheTagsItCreated(WeComEmulator emulator) {
        WeComClient client = TestClients.demoClient(emulator);
        int corpTag = client.contacts().tags().create("Managers", 77);
        assertThat(corpTag).isEqualTo(77);
        Tags asApp = client.app(DemoCorp.APPROVALS_AGENT_ID).contacts().tags();
        assertThatThrownBy(() -> asApp.rename(corpTag, "Mine")).satisfies(e -> assertThat(((WeComException) e).errcode()).isEqualTo(81011));
        int own = asApp.create("Approvers");
        assertThat(asApp.add(own, List.of("wangwu"), List.of()).complete()).isTrue();
    }
}
