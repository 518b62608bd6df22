package io.github.wecom4j.contact;

import io.github.wecom4j.TestClients;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.error.WeComValidationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WeComEmulatorTest
class DepartmentsTest {

    @Test
    void createMoveRenameAndDeleteADepartment(WeComEmulator emulator) {
        Departments departments = TestClients.demoClient(emulator).contacts().departments();
        long qa = departments.create(NewDepartment.of("QA 质量", 2).withOrder(7));
        assertThat(departments.get(qa)).extracting(Department::name, Department::parentId, Department::order)
                .containsExactly("QA 质量", 2L, 7L);
        departments.update(DepartmentUpdate.of(qa).parentId(3).name("Quality"));
        assertThat(departments.get(qa)).extracting(Department::name, Department::parentId).containsExactly("Quality", 3L);
        assertThat(departments.list(3)).extracting(Department::id).containsExactly(3L, qa);
        assertThat(departments.simpleList()).extracting(DepartmentRef::id).contains(1L, 2L, 3L, 4L, qa);
        assertThat(departments.list()).hasSize(5);
        departments.delete(qa);
        assertThatThrownBy(() -> departments.get(qa)).isInstanceOf(WeComException.class)
                .satisfies(e -> assertThat(((WeComException) e).errcode()).isEqualTo(60003));
        long fixed = departments.create(NewDepartment.of("Ops", 1).withId(42));
        assertThat(fixed).isEqualTo(42);
    }

    @Test
    void weComsRefusalsArriveAsTypedErrors(WeComEmulator emulator) {
        Departments departments = TestClients.demoClient(emulator).contacts().departments();
        assertThatThrownBy(() -> departments.delete(2)).isInstanceOf(WeComException.class)
                .satisfies(e -> assertThat(((WeComException) e).errcode()).isEqualTo(60006));
        assertThatThrownBy(() -> departments.update(DepartmentUpdate.of(2).parentId(4)))
                .satisfies(e -> assertThat(((WeComException) e).errcode()).isEqualTo(60010));
        // checked before any call, with WeCom's errcode
        long calls = emulator.counters().calls("/cgi-bin/department/create");
        assertThatThrownBy(() -> NewDepartment.of("a|b", 1)).isInstanceOf(WeComValidationException.class)
                .satisfies(e -> assertThat(((WeComException) e).errcode()).isEqualTo(60009));
        assertThatThrownBy(() -> NewDepartment.of("x", 1).withId(1)).isInstanceOf(WeComValidationException.class);
        assertThat(emulator.counters().calls("/cgi-bin/department/create")).isEqualTo(calls);
    }

    @Test
    void writesWithoutAContactsSecretSayWhatToConfigure(WeComEmulator emulator) {
        WeComClient appOnly = WeComClient.create(TestClients.demoConfig(emulator).contactsSecret(null).build());
        assertThatThrownBy(() -> appOnly.contacts().departments().create(NewDepartment.of("QA", 2)))
                .isInstanceOf(WeComValidationException.class)
                .satisfies(e -> assertThat(((WeComException) e).errcode()).isEqualTo(48002))
                .hasMessageContaining("contactsSecret");
        // reads fall back to the first app's token
        assertThat(appOnly.contacts().departments().list()).isNotEmpty();
    }
}
