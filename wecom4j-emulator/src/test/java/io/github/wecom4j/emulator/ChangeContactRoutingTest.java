package io.github.wecom4j.emulator;

import com.sun.net.httpserver.HttpServer;
import io.github.wecom4j.emulator.callback.CallbackSealer;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.http.EmulatorRequest;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * change_contact routed as WeCom routes it (docs 96301/96302): to the contacts-sync event server,
 * for administrators' changes, never for changes made through the contacts-sync API.
 */
@WeComEmulatorTest
class ChangeContactRoutingTest {

    private static final String TOKEN = "syncToken";
    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final CallbackSealer sealer = new CallbackSealer(TOKEN, AES_KEY, DemoCorp.CORP_ID);

    @BeforeEach
    void eventServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/contacts", exchange -> {
            Map<String, String> q = EmulatorRequest.parseQuery(exchange.getRequestURI().getRawQuery());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("<Encrypt><!\\[CDATA\\[(.*?)]]></Encrypt>").matcher(body);
            int status = m.find() && sealer.signature(q.get("timestamp"), q.get("nonce"), m.group(1)).equals(q.get("msg_signature"))
                    ? 200 : 403;
            if (status == 200) {
                received.add(sealer.open(m.group(1)));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/contacts";
    }

    @Test
    void administratorsChangesAreAnnouncedAndContactsSyncApiChangesAreNot(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        assertThat(http.post("/_emulator/contacts/sync-callback", "{\"url\":\"" + url() + "\",\"token\":\"" + TOKEN
                + "\",\"aesKey\":\"" + AES_KEY + "\",\"configuredOn\":\"2021-05-01\"}").status()).isEqualTo(200);
        String t = "?access_token=" + http.token(DemoCorp.CORP_ID, DemoCorp.CONTACTS_SECRET);
        assertThat(http.post("/cgi-bin/user/update" + t, "{\"userid\":\"lisi\",\"position\":\"CTO\"}").errcode()).isZero();
        assertThat(received).isEmpty();

        assertThat(http.post("/_emulator/contacts/admin", "{\"op\":\"update_user\",\"body\":{\"userid\":\"lisi\",\"position\":\"VP\"}}")
                .status()).isEqualTo(200);
        assertThat(http.post("/_emulator/contacts/admin", "{\"op\":\"create_party\",\"body\":{\"name\":\"QA\",\"parentid\":2,\"id\":50}}")
                .status()).isEqualTo(200);
        assertThat(http.post("/_emulator/contacts/admin", "{\"op\":\"delete_user\",\"body\":{\"userid\":\"sunqi\"}}").status()).isEqualTo(200);
        assertThat(received).hasSize(3);
        assertThat(received.get(0)).contains("<Event><![CDATA[change_contact]]></Event>", "<ChangeType><![CDATA[update_user]]>",
                "<UserID><![CDATA[lisi]]>", "<Position><![CDATA[VP]]>", "<Mobile><![CDATA[+86 13800000002]]>");
        assertThat(received.get(1)).contains("create_party", "<Id>50</Id>", "<ParentId>2</ParentId>");
        assertThat(received.get(2)).contains("delete_user", "sunqi");
        // WeCom's rules apply to administrators too
        assertThat(http.post("/_emulator/contacts/admin", "{\"op\":\"delete_party\",\"body\":{\"id\":1}}").json().path("errcode").asInt())
                .isEqualTo(60007);
    }

    @Test
    void aRenamedMemberIsAnnouncedWithItsOldAndNewUserIdAndEveryReferenceReadsTheNewOne(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        http.post("/_emulator/contacts/sync-callback", "{\"url\":\"" + url() + "\",\"token\":\"" + TOKEN
                + "\",\"aesKey\":\"" + AES_KEY + "\",\"configuredOn\":\"2021-05-01\"}");
        String t = "?access_token=" + http.token(DemoCorp.CORP_ID, DemoCorp.CONTACTS_SECRET);
        // through the API (not announced): a report of lisi, lisi leading department 2, lisi tagged
        assertThat(http.post("/cgi-bin/user/create" + t, "{\"userid\":\"report_9\",\"name\":\"Report\",\"department\":[2],"
                + "\"direct_leader\":[\"LiSi\"],\"email\":\"report9@corp.example\"}").errcode()).isZero();
        assertThat(http.post("/cgi-bin/user/update" + t, "{\"userid\":\"lisi\",\"is_leader_in_dept\":[1,0]}").errcode()).isZero();
        assertThat(http.post("/cgi-bin/tag/create" + t, "{\"tagname\":\"Renamed\",\"tagid\":61}").errcode()).isZero();
        assertThat(http.post("/cgi-bin/tag/addtagusers" + t, "{\"tagid\":61,\"userlist\":[\"lisi\"]}").errcode()).isZero();
        assertThat(received).isEmpty();

        assertThat(http.post("/_emulator/contacts/admin", "{\"op\":\"rename_user\",\"body\":{\"userid\":\"lisi\","
                + "\"new_userid\":\"lisi_2\"}}").status()).isEqualTo(200);
        assertThat(received).as("one event, for the renamed member only").hasSize(1);
        assertThat(received.get(0)).contains("<ChangeType><![CDATA[update_user]]>", "<UserID><![CDATA[lisi]]>",
                "<NewUserID><![CDATA[lisi_2]]>");

        assertThat(http.get("/cgi-bin/user/get" + t + "&userid=lisi").errcode()).isEqualTo(60111);
        assertThat(http.get("/cgi-bin/user/get" + t + "&userid=lisi_2").json().path("department").toString()).isEqualTo("[2,4]");
        assertThat(http.get("/cgi-bin/user/get" + t + "&userid=report_9").json().path("direct_leader").toString())
                .isEqualTo("[\"lisi_2\"]");
        assertThat(http.get("/cgi-bin/department/get" + t + "&id=2").json().path("department").path("department_leader").toString())
                .contains("\"lisi_2\"").doesNotContain("\"lisi\"");
        assertThat(http.get("/cgi-bin/tag/get" + t + "&tagid=61").json().path("userlist").toString())
                .contains("\"lisi_2\"").doesNotContain("\"lisi\"");

        // WeCom's userid rules hold for the new one
        assertThat(http.post("/_emulator/contacts/admin", "{\"op\":\"rename_user\",\"body\":{\"userid\":\"lisi_2\","
                + "\"new_userid\":\"WangWu\"}}").json().path("errcode").asInt()).isEqualTo(60102);
        assertThat(http.post("/_emulator/contacts/admin", "{\"op\":\"rename_user\",\"body\":{\"userid\":\"lisi_2\","
                + "\"new_userid\":\"-bad\"}}").json().path("errcode").asInt()).isEqualTo(40003);
        assertThat(received).hasSize(1);
    }

    @Test
    void anEventServerConfiguredAfterAugust2022GetsOnlyUserIdAndDepartment(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        http.post("/_emulator/contacts/sync-callback", "{\"url\":\"" + url() + "\",\"token\":\"" + TOKEN
                + "\",\"aesKey\":\"" + AES_KEY + "\",\"configuredOn\":\"2023-01-01\"}");
        http.post("/_emulator/contacts/admin", "{\"op\":\"update_user\",\"body\":{\"userid\":\"lisi\",\"position\":\"VP\"}}");
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).contains("<UserID><![CDATA[lisi]]>", "<Department><![CDATA[2,4]]>")
                .doesNotContain("<Position>", "<Mobile>", "<Name>");
    }

    @Test
    void droppedEventsAreCountedAndReplayableBySeed(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        http.post("/_emulator/contacts/sync-callback", "{\"url\":\"" + url() + "\",\"token\":\"" + TOKEN
                + "\",\"aesKey\":\"" + AES_KEY + "\"}");
        http.post("/_emulator/contacts/callback-faults", "{\"dropRate\":0.5,\"seed\":3}");
        for (int i = 0; i < 20; i++) {
            http.post("/_emulator/contacts/admin", "{\"op\":\"update_user\",\"body\":{\"userid\":\"lisi\",\"position\":\"P" + i + "\"}}");
        }
        long dropped = emulator.counters().get("change_contact dropped");
        assertThat(dropped).isBetween(3L, 17L);
        assertThat(received).hasSize((int) (20 - dropped));
    }

    @Test
    void theAdminPageShowsTheDirectoryAndPostsAdministratorsChanges(WeComEmulator emulator) throws Exception {
        var page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                emulator.baseUri().resolve("/_emulator/contacts/admin")).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"department-4\"", "id=\"member-lisi\"", "fetch('/_emulator/contacts/admin'");
    }

    @Test
    void aLargeCorpIsSeededFast(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        assertThat(http.post("/_emulator/contacts/seed", "{\"departments\":2000,\"members\":50000,\"seed\":1}").status()).isEqualTo(200);
        assertThat(emulator.corp().members()).hasSize(50_000);
        assertThat(emulator.corp().departments()).hasSize(2000);
        assertThat(http.post("/_emulator/contacts/seed", "{\"departments\":0,\"members\":1}").status()).isEqualTo(400);
    }
}
