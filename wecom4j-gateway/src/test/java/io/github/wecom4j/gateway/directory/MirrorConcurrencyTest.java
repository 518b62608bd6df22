package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.WeComClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callbacks and reconciles at the same moment: one thread reconciles back to back while an
 * administrator creates, changes, tags and deletes members and departments (every change_contact
 * delivered and applied as it happens), some of the reconciles' reads answered late. No callback is lost, so when both stop the mirror must equal
 * WeCom without another reconcile: any reconcile that wrote back an older read (a deleted member, a
 * department, a tag membership, a stale field) shows up as a difference.
 */
@TestPropertySource(properties = "gateway.directory.max-page-size=497") // a context of its own: it changes the corp
class MirrorConcurrencyTest extends MirrorTestBase {

    private static final int TAG = 79;

    @Autowired
    WeComClient wecom;

    @AfterEach
    void noFaults() {
        emulator.faults().clear();
    }

    @Test
    void callbacksAppliedWhileReconcilesRunLeaveTheMirrorEqualToWeCom() throws Exception {
        emulator.changeContactCallbacks().dropRate(0, 1);
        wecom.contacts().tags().create("Concurrent", TAG);
        reconcile();
        emulator.faults().latencyMillis(3); // widens the window between a reconcile's reads and its writes

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger passes = new AtomicInteger();
        CompletableFuture<Void> reconciling = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                mirror.reconcileNow().orElseThrow();
                passes.incrementAndGet();
            }
        });
        Random random = new Random(20261202);
        List<String> members = new ArrayList<>();
        List<Integer> departments = new ArrayList<>();
        List<String> deletedMembers = new ArrayList<>();
        List<Long> deletedDepartments = new ArrayList<>();
        try {
            // 200 changes at least, and on until three reconciles have run meanwhile (a loaded
            // machine may finish 200 changes within two passes)
            for (int i = 0; (i < 200 || passes.get() < 3) && i < 5_000 && !reconciling.isDone(); i++) {
                if (i % 5 == 0) {
                    // now and then a reconcile holds a read for 200 ms while the changes go on
                    emulator.faults().delayAnswerNext(1, 200, i % 10 == 0 ? "/cgi-bin/user/list" : "/cgi-bin/department/list");
                }
                change(i, random, members, departments, deletedMembers, deletedDepartments);
                // ids are never reused: a deleted one seen again was written back by an older read
                assertThat(mirror.store().members(mirror.corpId(), deletedMembers)).as("resurrected members").isEmpty();
                java.util.Set<Long> mirrored = mirror.store().departments(mirror.corpId()).keySet();
                assertThat(deletedDepartments.stream().filter(mirrored::contains).toList()).as("resurrected departments").isEmpty();
            }
        } finally {
            stop.set(true);
        }
        reconciling.get(60, TimeUnit.SECONDS);
        emulator.faults().clear();

        assertThat(passes.get()).as("reconciles that overlapped the changes").isGreaterThanOrEqualTo(3);
        assertThat(differences()).isEmpty();
    }

    private void change(int i, Random random, List<String> members, List<Integer> departments, List<String> deletedMembers,
                        List<Long> deletedDepartments) {
        int op = random.nextInt(10);
        if (op < 3 || members.size() < 3) {
            String id = "conc" + i;
            admin("create_user", "{\"userid\":\"" + id + "\",\"name\":\"Conc " + i + "\",\"department\":[" + (3 + random.nextInt(2))
                    + "],\"email\":\"" + id + "@corp.example\"}");
            members.add(id);
        } else if (op < 5) {
            String id = members.get(random.nextInt(members.size()));
            admin("update_user", "{\"userid\":\"" + id + "\",\"position\":\"p" + i + "\",\"department\":[" + (3 + random.nextInt(2)) + "]}");
        } else if (op < 6) {
            admin("add_tag_users", "{\"tagid\":" + TAG + ",\"userlist\":[\"" + members.get(random.nextInt(members.size())) + "\"]}");
        } else if (op < 8) {
            String id = members.remove(random.nextInt(members.size()));
            admin("delete_user", "{\"userid\":\"" + id + "\"}");
            deletedMembers.add(id);
        } else if (op < 9 || departments.isEmpty()) {
            int id = 200 + i;
            admin("create_party", "{\"id\":" + id + ",\"name\":\"Conc " + id + "\",\"parentid\":2}");
            departments.add(id);
        } else {
            int id = departments.remove(random.nextInt(departments.size()));
            admin("delete_party", "{\"id\":" + id + "}");
            deletedDepartments.add((long) id);
        }
    }
}
