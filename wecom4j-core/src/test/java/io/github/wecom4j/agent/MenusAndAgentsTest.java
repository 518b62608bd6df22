package io.github.wecom4j.agent;

import io.github.wecom4j.TestClients;
import io.github.wecom4j.WeComApp;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.error.WeComValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Menus and the app's settings against the emulator over HTTP. */
@WeComEmulatorTest
class MenusAndAgentsTest {

    WeComEmulator emulator;
    WeComApp approvals;
    WeComApp notices;

    @BeforeEach
    void client(WeComEmulator emulator) {
        this.emulator = emulator;
        var client = TestClients.demoClient(emulator);
        this.approvals = client.app(DemoCorp.APPROVALS_AGENT_ID);
        this.notices = client.app(DemoCorp.NOTICES_AGENT_ID);
    }

    static final List<MenuButton> MENU = List.of(
            MenuButton.click("My tasks", "my_tasks"),
            MenuButton.parent("More", MenuButton.view("Handbook", "https://example.com/handbook"),
                    MenuButton.keyed(MenuButton.Kind.SCANCODE_WAITMSG, "Scan a badge", "scan_badge"),
                    MenuButton.miniProgram("Mini", "wx123", "pages/index")));

    @Test
    void aMenuIsPerAppAndReadsBackAsItWasCreated() {
        approvals.menus().create(MENU);
        assertThat(approvals.menus().get()).isEqualTo(MENU);
        assertThat(emulator.agents().menu(DemoCorp.APPROVALS_AGENT_ID)).isPresent();
        assertThatThrownBy(() -> notices.menus().get())
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(46003));
        approvals.menus().delete();
        assertThatThrownBy(() -> approvals.menus().get())
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(46003));
    }

    @Test
    void menuLimitsAreCheckedBeforeAnyCall() {
        MenuButton b = MenuButton.click("b", "k");
        assertThatThrownBy(() -> approvals.menus().create(List.of(b, b, b, b)))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40016));
        assertThatThrownBy(() -> approvals.menus().create(List.of(MenuButton.parent("p", b, b, b, b, b, b))))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40023));
        assertThatThrownBy(() -> approvals.menus().create(List.of(MenuButton.click("a name far over sixteen bytes", "k"))))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40018));
        assertThatThrownBy(() -> approvals.menus().create(List.of(MenuButton.parent("p", MenuButton.view("v", "ftp://x")))))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40027));
        assertThat(emulator.counters().calls(Menus.CREATE)).isZero();
    }

    @Test
    void theEmulatorAppliesTheSameMenuRules() {
        // Past the SDK's checks (a raw call), as another client would send it.
        assertThatThrownBy(() -> approvals.api().post(Menus.CREATE, java.util.Map.of("agentid", "1000002"),
                java.util.Map.of("button", List.of(java.util.Map.of("name", "x", "type", "teleport", "key", "k")))))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(40017));
        assertThatThrownBy(() -> approvals.api().get(Menus.GET, java.util.Map.of("agentid", String.valueOf(DemoCorp.NOTICES_AGENT_ID))))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(301002));
    }

    @Test
    void settingsChangeWhatAgentGetReports() {
        AgentInfo before = approvals.agent().get();
        assertThat(before.agentId()).isEqualTo(DemoCorp.APPROVALS_AGENT_ID);
        assertThat(before.allowUsers()).contains("lisi", "wangwu");
        assertThat(before.reportEnter()).isFalse();
        approvals.agent().set(AgentSettings.none().name("Approvals 2").description("Leave and expenses").reportEnter(true)
                .homeUrl("https://example.com/home"));
        AgentInfo after = approvals.agent().get();
        assertThat(after.name()).isEqualTo("Approvals 2");
        assertThat(after.description()).isEqualTo("Leave and expenses");
        assertThat(after.reportEnter()).isTrue();
        assertThat(after.homeUrl()).isEqualTo("https://example.com/home");
        assertThat(notices.agent().get().name()).isNotEqualTo("Approvals 2");
        assertThatThrownBy(() -> approvals.agent().set(AgentSettings.none().name("x".repeat(33))))
                .isInstanceOf(WeComValidationException.class);
    }
}
