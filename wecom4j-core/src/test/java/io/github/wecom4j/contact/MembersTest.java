package io.github.wecom4j.contact;

import io.github.wecom4j.TestClients;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.error.WeComValidationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WeComEmulatorTest
class MembersTest {

    /**
     * A delete WeCom performed whose answer was lost on the way back: asked again, WeCom answers
     * "not found", which means done, not a failed delete. The same for departments and tags.
     */
    @Test
    void aDeleteWhoseAnswerWasLostIsDoneNotFailed(WeComEmulator emulator) {
        Contacts contacts = TestClients.demoClient(emulator).contacts();
        contacts.members().create(Member.builder("goner", "Goner").department(2).email("goner@demo.example").build(), false);
        emulator.faults().loseAnswerNext(1, "/cgi-bin/user/delete");
        contacts.members().delete("goner");
        assertThat(emulator.directory().snapshot().members()).noneMatch(m -> m.userId().equals("goner"));

        long dept = contacts.departments().create(io.github.wecom4j.contact.NewDepartment.of("Short lived", 2));
        emulator.faults().loseAnswerNext(1, "/cgi-bin/department/delete");
        contacts.departments().delete(dept);
        assertThat(emulator.directory().snapshot().departments()).noneMatch(d -> d.id() == dept);

        int tag = contacts.tags().create("Short lived tag");
        emulator.faults().loseAnswerNext(1, "/cgi-bin/tag/delete");
        contacts.tags().delete(tag);
        assertThat(emulator.directory().snapshot().tags()).noneMatch(t -> t.id() == tag);

        // a delete WeCom refused outright is still the caller's failure
        assertThatThrownBy(() -> contacts.members().delete("nobody-here"))
                .isInstanceOfSatisfying(io.github.wecom4j.error.WeComException.class, e -> assertThat(e.errcode()).isEqualTo(60111));
    }

    @Test
    void createReadUpdateAndDeleteAMemberInSeveralDepartments(WeComEmulator emulator) {
        Members members = TestClients.demoClient(emulator).contacts().members();
        members.create(Member.builder("qianjiu", "钱九")
                .department(new Membership(2, 10, true)).department(new Membership(3, 20, false)).mainDepartment(3)
                .mobile("+86 13900000009").email("qianjiu@demo.example").gender(Gender.FEMALE).position("PM")
                .directLeader("lisi").extAttr(new ExtAttr.Text("工号", "A9")).extAttr(new ExtAttr.Web("主页", "https://q.example", "Q"))
                .build());
        Member q = members.get("qianjiu");
        assertThat(q.memberships()).containsExactly(new Membership(2, 10, true), new Membership(3, 20, false));
        assertThat(q.mainDepartment()).isEqualTo(3);
        assertThat(q.gender()).isEqualTo(Gender.FEMALE);
        assertThat(q.status()).isEqualTo(MemberStatus.NOT_ACTIVATED);
        assertThat(q.directLeaders()).containsExactly("lisi");
        assertThat(q.extAttrs()).containsExactly(new ExtAttr.Text("工号", "A9"), new ExtAttr.Web("主页", "https://q.example", "Q"));

        members.update(MemberUpdate.of("qianjiu").position("Lead PM"));
        Member updated = members.get("qianjiu");
        assertThat(updated.position()).isEqualTo("Lead PM");
        assertThat(updated.mobile()).isEqualTo("+86 13900000009"); // untouched
        assertThat(updated.memberships()).hasSize(2);
        members.update(MemberUpdate.of("qianjiu").memberships(List.of(Membership.in(4))).enabled(false));
        assertThat(members.get("qianjiu").departmentIds()).containsExactly(4L);
        assertThat(members.get("qianjiu").status()).isEqualTo(MemberStatus.DISABLED);

        assertThat(members.userIdByMobile("13900000009")).isEqualTo("qianjiu");
        assertThat(members.userIdByEmail("qianjiu@demo.example")).isEqualTo("qianjiu");
        String openId = members.toOpenId("qianjiu");
        assertThat(members.toUserId(openId)).isEqualTo("qianjiu");
        assertThat(members.simpleList(4)).extracting(MemberSummary::userId).contains("qianjiu", "lisi", "sunqi");
        assertThat(members.list(4)).extracting(Member::userId).contains("qianjiu");

        members.delete("qianjiu");
        assertThatThrownBy(() -> members.get("qianjiu")).satisfies(e -> assertThat(((WeComException) e).errcode()).isEqualTo(60111));
    }

    @Test
    void authSucceededActivatesAnInvitedMember(WeComEmulator emulator) {
        Members members = TestClients.demoClient(emulator).contacts().members();
        members.create(Member.builder("newbie", "新人").department(2).email("newbie@demo.example").build(), false);
        members.authSucceeded("newbie");
        assertThat(members.get("newbie").status()).isEqualTo(MemberStatus.ACTIVE);
    }

    @Test
    void weComsAndLocalRefusalsAreTyped(WeComEmulator emulator) {
        Members members = TestClients.demoClient(emulator).contacts().members();
        assertThatThrownBy(() -> members.create(Member.builder("lisi", "又一个李四").department(2).email("x@demo.example").build()))
                .satisfies(e -> assertThat(((WeComException) e).errcode()).isEqualTo(60102));
        assertThatThrownBy(() -> members.create(Member.builder("x2", "X").department(2).mobile("+86 13800000001").build()))
                .satisfies(e -> assertThat(((WeComException) e).errcode()).isEqualTo(60104));
        assertThatThrownBy(() -> Member.builder("x3", "X").department(2).build()).isInstanceOf(WeComValidationException.class)
                .satisfies(e -> assertThat(((WeComException) e).errcode()).isEqualTo(60129));
        assertThatThrownBy(() -> Member.builder("@all", "X").department(2).email("a@b.example").build())
                .satisfies(e -> assertThat(((WeComException) e).errcode()).isEqualTo(40003));
        assertThatThrownBy(() -> members.batchDelete(List.of("sunqi", "ghost")))
                .satisfies(e -> assertThat(((WeComException) e).errcode()).isEqualTo(60111));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            tooMany.add("u" + i);
        }
        assertThatThrownBy(() -> members.batchDelete(tooMany)).isInstanceOf(WeComValidationException.class);
        members.batchDelete(List.of("sunqi", "zhouba"));
        assertThat(members.simpleList(4)).extracting(MemberSummary::userId).containsExactly("lisi");
    }

    @Test
    void anAppOfThe2022EraReadsNoPrivateFields(WeComEmulator emulator) {
        WeComClient client = TestClients.demoClient(emulator);
        Member viaNewApp = client.app(DemoCorp.NOTICES_AGENT_ID).contacts().members().get("lisi");
        assertThat(viaNewApp.name()).isEqualTo("李四");
        assertThat(viaNewApp.mobile()).isEmpty();
        assertThat(viaNewApp.email()).isEmpty();
        assertThat(client.app(DemoCorp.APPROVALS_AGENT_ID).contacts().members().get("lisi").mobile()).isEqualTo("+86 13800000002");
    }

    @Test
    void listIdsFetchesPagesOnlyAsTheStreamIsConsumed() {
        List<EmulatedDepartment> deps = List.of(new EmulatedDepartment(1, "Big", 0, 1, List.of()),
                new EmulatedDepartment(2, "Half", 1, 1, List.of()));
        List<EmulatedMember> people = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            people.add(new EmulatedMember(String.format("m%04d", i), "M" + i, i % 2 == 0 ? List.of(1L, 2L) : List.of(1L), 1, "",
                    "", "m" + i + "@big.example", "0", 1));
        }
        EmulatedCorp big = new EmulatedCorp(DemoCorp.CORP_ID, "Big", DemoCorp.CONTACTS_SECRET, deps, people,
                DemoCorp.create().apps());
        try (WeComEmulator emulator = WeComEmulator.builder().corp(big).start()) {
            Members members = TestClients.demoClient(emulator).contacts().members();
            Iterator<DepartmentMember> rows = members.listIds(100).iterator();
            assertThat(emulator.counters().calls("/cgi-bin/user/list_id")).isZero();
            rows.next();
            assertThat(emulator.counters().calls("/cgi-bin/user/list_id")).isEqualTo(1);
            Set<String> all = members.listIds(100).map(r -> r.userId() + "@" + r.departmentId()).collect(Collectors.toSet());
            assertThat(all).hasSize(375).contains("m0000@2", "m0001@1");
            assertThat(emulator.counters().calls("/cgi-bin/user/list_id")).isEqualTo(1 + 4);
            assertThatThrownBy(() -> members.listIds(10_001)).isInstanceOf(WeComValidationException.class);
        }
    }
}
