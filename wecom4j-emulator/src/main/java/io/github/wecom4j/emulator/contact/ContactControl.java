package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.corp.EmulatedContactsSync;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import io.github.wecom4j.emulator.http.EmulatorHttpServer;
import io.github.wecom4j.emulator.http.EmulatorRequest;
import io.github.wecom4j.emulator.http.EmulatorResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * {@code /_emulator/contacts/*}: what an administrator does in WeCom's admin console, over HTTP.
 *
 * <pre>
 * GET  /_emulator/contacts/admin           the admin page: the tree, the members, a form for changes
 * POST /_emulator/contacts/admin           {"op": "update_user", "body": {"userid": "lisi", "position": "CTO"}}
 *                                          (op: create_user, update_user, delete_user, create_party, update_party,
 *                                          delete_party, add_tag_users, del_tag_users; body as the API's;
 *                                          rename_user {"userid", "new_userid"}: the account id changed)
 * POST /_emulator/contacts/sync-callback   {"url", "token", "aesKey", "configuredOn": "2023-01-01"}
 * POST /_emulator/contacts/known-ips       {"ips": ["203.0.113.7"]} or {"ips": null} (every IP known)
 * POST /_emulator/contacts/callback-faults {"dropRate": 0.1, "seed": 7}
 * POST /_emulator/contacts/seed            {"departments": 2000, "members": 50000, "seed": 1}: a large corp, fast
 * </pre>
 * Bad input answers 400 with WeCom's errcode where the rule is WeCom's, 40035 otherwise.
 */
public final class ContactControl {

    private final Directory directory;
    private final AdminChanges admin;
    private final ChangeContactNotifier notifier;
    private final Supplier<EmulatedCorp> settings;
    private final Consumer<UnaryOperator<EmulatedContactsSync>> changeSync;
    private final JsonMapper json;

    public ContactControl(Directory directory, ChangeContactNotifier notifier, Supplier<EmulatedCorp> settings,
                          Consumer<UnaryOperator<EmulatedContactsSync>> changeSync, JsonMapper json) {
        this.directory = directory;
        this.admin = new AdminChanges(directory);
        this.notifier = notifier;
        this.settings = settings;
        this.changeSync = changeSync;
        this.json = json;
    }

    public void register(EmulatorHttpServer server) {
        server.route("/_emulator/contacts/*", this::serve);
    }

    private EmulatorResponse serve(EmulatorRequest req) {
        if ("GET".equals(req.method()) && req.path().equals("/_emulator/contacts/admin")) {
            return EmulatorResponse.html(200, AdminPage.render(directory));
        }
        if (!"POST".equals(req.method())) {
            return answer(405, 40063, "control routes under /_emulator/contacts/ are POST");
        }
        try {
            JsonNode body = req.body().length == 0 ? json.createObjectNode() : json.readTree(req.body());
            switch (req.path()) {
                case "/_emulator/contacts/admin" -> admin.apply(body.path("op").asString(""), body.path("body"));
                case "/_emulator/contacts/sync-callback" -> changeSync.accept(s -> s.withCallback(text(body, "url"),
                        text(body, "token"), text(body, "aesKey"),
                        body.hasNonNull("configuredOn") ? LocalDate.parse(body.get("configuredOn").asString()) : null));
                case "/_emulator/contacts/known-ips" -> {
                    List<String> ips = null;
                    if (body.path("ips").isArray()) {
                        ips = new ArrayList<>();
                        for (JsonNode ip : body.path("ips")) {
                            ips.add(ip.asString());
                        }
                    }
                    List<String> known = ips;
                    changeSync.accept(s -> s.withKnownIps(known));
                }
                case "/_emulator/contacts/callback-faults" -> notifier.dropRate(body.path("dropRate").asDouble(0),
                        body.path("seed").asLong(1));
                case "/_emulator/contacts/seed" -> seed(range(body, "departments", 1, 30_000), range(body, "members", 0, 200_000),
                        body.path("seed").asLong(1));
                default -> {
                    return answer(404, 404, "unknown control route " + req.path());
                }
            }
            return answer(200, 0, "ok");
        } catch (ApiError e) {
            return answer(400, e.errcode(), e.errmsg());
        } catch (JacksonException | IllegalArgumentException | java.time.DateTimeException e) {
            return answer(400, 40035, e.getMessage());
        }
    }

    /**
     * Replaces the directory with a generated corp: {@code departments} in a tree (root + up to
     * 20 children each, at most 6 levels), {@code members} spread over them, some in two
     * departments. Built as one snapshot, so 50,000 members take well under a second.
     */
    public void seed(int departments, int members, long seed) {
        Random random = new Random(seed);
        List<EmulatedDepartment> deps = new ArrayList<>(departments);
        deps.add(new EmulatedDepartment(1, settings.get().name(), 0, 100_000_000, List.of()));
        for (int i = 2; i <= departments; i++) {
            long parent = 1 + (i - 2) / 20;
            deps.add(new EmulatedDepartment(i, "Dept " + i, parent, 100_000_000 - i, List.of()));
        }
        List<EmulatedMember> people = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            long main = 1 + random.nextInt(departments);
            List<Long> in = random.nextInt(10) == 0 && departments > 1
                    ? List.of(main, main == 1 ? 2L : 1L) : List.of(main);
            people.add(new EmulatedMember(String.format("u%06d", i), "Member " + i, in, main, "Staff",
                    String.format("+86 139%08d", i), "u" + i + "@seed.example", random.nextBoolean() ? "1" : "2", 1));
        }
        directory.load(settings.get().withDirectory(deps, people, List.of()));
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.path(field);
        if (!n.isString() || n.asString().isEmpty()) {
            throw new IllegalArgumentException("'" + field + "' must be a non-empty string");
        }
        return n.asString();
    }

    private static int range(JsonNode body, String field, int min, int max) {
        JsonNode n = body.path(field);
        if (!n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
            throw new IllegalArgumentException("'" + field + "' must be an integer between " + min + " and " + max);
        }
        return n.asInt();
    }

    private EmulatorResponse answer(int status, int errcode, String errmsg) {
        ObjectNode out = json.createObjectNode();
        out.put("errcode", errcode);
        out.put("errmsg", errmsg == null ? "bad request" : errmsg);
        return EmulatorResponse.json(status, json.writeValueAsBytes(out));
    }
}
