package io.github.wecom4j.emulator.corp;

import java.time.LocalDate;
import java.util.List;

/**
 * The built-in corp: a small company with a realistic shape (nested departments, a member in two
 * departments, a disabled member, two apps and a contacts secret), so every scenario has data.
 */
public final class DemoCorp {

    public static final String CORP_ID = "ww0demo0corp0000001";
    public static final int APPROVALS_AGENT_ID = 1000002;
    public static final String APPROVALS_SECRET = "demo-approvals-secret-0000000000000000000001";
    public static final int NOTICES_AGENT_ID = 1000003;
    public static final String NOTICES_SECRET = "demo-notices-secret-00000000000000000000002";
    /**
     * Where the demo apps' OAuth redirects and JS-SDK pages may be: WeCom matches the trusted domain
     * exactly, port included, so this is the gateway's default address; a gateway on another port
     * sets its own address ({@code WeComEmulator#trustedDomain}).
     */
    public static final String DEMO_TRUSTED_DOMAIN = "localhost:8080";
    public static final String CONTACTS_SECRET = "demo-contacts-secret-0000000000000000000003";

    private DemoCorp() {
    }

    public static EmulatedCorp create() {
        List<EmulatedDepartment> departments = List.of(
                new EmulatedDepartment(1, "Demo Co. 示例公司", 0, 100000000, List.of("zhangsan")),
                new EmulatedDepartment(2, "Engineering 研发部", 1, 99999000, List.of("lisi")),
                new EmulatedDepartment(3, "Sales 销售部", 1, 99998000, List.of("wangwu")),
                new EmulatedDepartment(4, "Platform 平台组", 2, 99997000, List.of()));
        List<EmulatedMember> members = List.of(
                new EmulatedMember("zhangsan", "张三", List.of(1L), 1, "CEO", "+86 13800000001", "zhangsan@demo.example", "1", 1),
                new EmulatedMember("lisi", "李四", List.of(2L, 4L), 2, "Engineering lead", "+86 13800000002", "lisi@demo.example", "1", 1),
                new EmulatedMember("wangwu", "王五", List.of(3L), 3, "Sales lead", "+86 13800000003", "wangwu@demo.example", "1", 1),
                new EmulatedMember("zhaoliu", "赵六", List.of(2L, 3L), 2, "Solutions engineer", "+86 13800000004", "zhaoliu@demo.example", "2", 1),
                new EmulatedMember("sunqi", "孙七", List.of(4L), 4, "Engineer", "+86 13800000005", "sunqi@demo.example", "2", 1),
                new EmulatedMember("zhouba", "周八", List.of(3L), 3, "Intern", "+86 13800000006", "zhouba@demo.example", "1", 2));
        List<EmulatedApp> apps = List.of(
                // one app of each era (doc 90196): Approvals predates the 2022-06-20 privacy change and
                // still reads mobile/email/gender; Notices was created after it and does not
                new EmulatedApp(APPROVALS_AGENT_ID, "Approvals 审批助手", APPROVALS_SECRET, DEMO_TRUSTED_DOMAIN, null,
                        "demoCallbackToken", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", LocalDate.of(2021, 3, 1), null, null),
                new EmulatedApp(NOTICES_AGENT_ID, "Notices 通知中心", NOTICES_SECRET, DEMO_TRUSTED_DOMAIN, null, null, null,
                        LocalDate.of(2024, 5, 1), null, null));
        return new EmulatedCorp(CORP_ID, "Demo Co. 示例公司", CONTACTS_SECRET, departments, members, apps);
    }
}
