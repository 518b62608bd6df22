package io.github.wecom4j.contact;

import com.sun.net.httpserver.HttpServer;
import io.github.wecom4j.TestClients;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.callback.CallbackPusher;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Import jobs over HTTP: the SDK writes and uploads the CSV, the emulator runs it on its virtual clock. */
@WeComEmulatorTest
class ContactJobsTest {

    @Test
    void syncUsersCreatesAndUpdatesRowByRowAndReportsTheRowsWeComRefused(WeComEmulator emulator) throws Exception {
        WeComClient client = TestClients.demoClient(emulator);
        ContactJobs jobs = client.contacts().jobs();
        List<Member> rows = List.of(
                Member.builder("qianjiu", "钱九").department(new Membership(2, 5, true)).department(3).email("q9@demo.example").build(),
                Member.builder("lisi", "李四").department(2).email("lisi@demo.example").position("CTO, \"acting\"").build(),
                Member.builder("dup", "Dup").department(2).mobile("+86 13800000001").build());
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/jobs", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        receiver.start();
        try {
            String job = jobs.syncUsers(rows, new JobCallback("http://127.0.0.1:" + receiver.getAddress().getPort() + "/jobs",
                    "jobToken", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"));
            assertThat(jobs.result(job).finished()).isFalse();
            emulator.clock().advance(Duration.ofSeconds(2));
            JobResult result = jobs.result(job);
            assertThat(result.finished()).isTrue();
            assertThat(result.type()).isEqualTo("sync_user");
            assertThat(result.total()).isEqualTo(3);
            assertThat(result.failures()).singleElement().satisfies(r -> {
                assertThat(r.userId()).isEqualTo("dup");
                assertThat(r.errcode()).isEqualTo(60104);
            });
            Member q = client.contacts().members().get("qianjiu");
            assertThat(q.memberships()).containsExactly(new Membership(2, 5, true), new Membership(3, 0, false));
            Member lisi = client.contacts().members().get("lisi");
            assertThat(lisi.position()).isEqualTo("CTO, \"acting\"");
            assertThat(lisi.mobile()).isEqualTo("+86 13800000002"); // empty cell: kept
            assertThat(lisi.departmentIds()).containsExactly(2L);
            List<CallbackPusher.Delivery> pushed = emulator.callbacks().deliveries().stream()
                    .filter(d -> d.kind().equals("batch_job_result")).toList();
            assertThat(pushed).singleElement().satisfies(d -> {
                assertThat(d.delivered()).isTrue();
                assertThat(d.plaintext()).contains("<JobId><![CDATA[" + job + "]]>", "<JobType><![CDATA[sync_user]]>");
            });
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void replaceJobsMakeTheCorpExactlyTheFile(WeComEmulator emulator) {
        WeComClient client = TestClients.demoClient(emulator);
        ContactJobs jobs = client.contacts().jobs();
        String parties = jobs.replaceDepartments(List.of(new Department(1, "Demo", null, 0, 1, null),
                new Department(20, "Child", null, 10, 5, null), new Department(10, "Parent", null, 1, 9, null),
                new Department(2, "Engineering", null, 1, 8, null), new Department(3, "Sales", null, 1, 7, null),
                new Department(4, "Platform", null, 2, 6, null)), null);
        emulator.clock().advance(Duration.ofSeconds(2));
        assertThat(jobs.result(parties).failures()).isEmpty();
        assertThat(client.contacts().departments().get(20).parentId()).isEqualTo(10);

        List<Member> everyone = new ArrayList<>();
        everyone.add(Member.builder("zhangsan", "张三").department(1).email("zhangsan@demo.example").build());
        everyone.add(Member.builder("new1", "New").department(20).email("new1@demo.example").build());
        String users = jobs.replaceUsers(everyone, null);
        emulator.clock().advance(Duration.ofSeconds(2));
        assertThat(jobs.result(users).failures()).isEmpty();
        assertThat(client.contacts().members().listIds().map(DepartmentMember::userId).distinct().toList())
                .containsExactlyInAnyOrder("zhangsan", "new1");
    }
}
