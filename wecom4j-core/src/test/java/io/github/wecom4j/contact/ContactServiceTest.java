package io.github.wecom4j.contact;

import io.github.wecom4j.TestClients;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import io.github.wecom4j.error.WeComValidationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Departments and members are many-to-many; read over real HTTP from the emulator's demo corp. */
@WeComEmulatorTest
class ContactServiceTest {

    @Test
    void departmentsFormATree(WeComEmulator emulator) {
        WeComClient client = TestClients.demoClient(emulator);
        var departments = client.contacts().departments();
        assertThat(departments).extracting(Department::id).containsExactly(1L, 2L, 3L, 4L);
        assertThat(departments).filteredOn(d -> d.id() == 4).singleElement()
                .satisfies(d -> assertThat(d.parentId()).isEqualTo(2));
    }

    @Test
    void aMemberCanBelongToSeveralDepartments(WeComEmulator emulator) {
        WeComClient client = TestClients.demoClient(emulator);
        User lisi = client.contacts().user("lisi");
        assertThat(lisi.departmentIds()).containsExactly(2L, 4L);
        assertThat(lisi.mainDepartment()).isEqualTo(2L);
        assertThat(client.contacts().usersOf(4)).extracting(User::userId).containsExactlyInAnyOrder("lisi", "sunqi");
        assertThat(client.contacts().usersOf(3)).extracting(User::userId).contains("zhaoliu", "wangwu");
    }

    @Test
    void anInvalidUserIdIsRefusedBeforeAnyCall(WeComEmulator emulator) {
        WeComClient client = TestClients.demoClient(emulator);
        assertThatThrownBy(() -> client.contacts().user("bad id!"))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> {
                    assertThat(e.errcode()).isEqualTo(40003);
                    assertThat(e.hint()).contains("userid");
                });
        assertThat(emulator.counters().snapshot()).isEmpty();
    }
}
