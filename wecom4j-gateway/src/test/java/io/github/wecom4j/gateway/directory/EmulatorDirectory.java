package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.contact.Department;
import io.github.wecom4j.contact.ExtAttr;
import io.github.wecom4j.contact.Member;
import io.github.wecom4j.contact.Membership;
import io.github.wecom4j.emulator.contact.Directory;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.corp.EmulatedExtAttr;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import io.github.wecom4j.emulator.corp.EmulatedTag;
import io.github.wecom4j.gateway.directory.MirrorStore.MirroredTag;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The emulator's directory in the mirror's terms, field for field, and the differences between the
 * two (empty when the mirror equals WeCom). Built from the emulator's own snapshot, not through the
 * API the mirror reads, so a bug in how the mirror reads cannot hide itself.
 */
final class EmulatorDirectory {

    private EmulatorDirectory() {
    }

    /** Every difference between the mirror of {@code corp} and the emulator's directory, as readable lines. */
    static List<String> differences(Directory.Snapshot wecom, MirrorStore store, String corp) {
        List<String> out = new ArrayList<>();
        Map<Long, Department> expectedDeps = new TreeMap<>();
        for (EmulatedDepartment d : wecom.departments()) {
            expectedDeps.put(d.id(), new Department(d.id(), d.name(), d.nameEn(), d.parentId(), d.order(),
                    d.leaders().stream().sorted().toList()));
        }
        Map<Long, Department> mirrorDeps = new TreeMap<>();
        store.departments(corp).forEach((id, s) -> mirrorDeps.put(id, withSortedLeaders(s.value())));
        compare("department", expectedDeps, mirrorDeps, out);

        Map<String, Member> expectedMembers = new TreeMap<>();
        wecom.members().forEach(m -> expectedMembers.put(m.userId(), member(m)));
        Map<String, Member> mirrorMembers = new TreeMap<>();
        List<String> ids = new ArrayList<>(expectedMembers.keySet());
        ids.addAll(allMirroredUserIds(store, corp));
        store.members(corp, new LinkedHashSet<>(ids)).forEach((id, s) -> mirrorMembers.put(id, s.value().member()));
        compare("member", expectedMembers, mirrorMembers, out);

        Map<Integer, MirroredTag> expectedTags = new TreeMap<>();
        for (EmulatedTag t : wecom.tags()) {
            expectedTags.put(t.id(), new MirroredTag(t.id(), t.name(), t.users(), t.parties()));
        }
        Map<Integer, MirroredTag> mirrorTags = new TreeMap<>();
        store.tags(corp).forEach((id, s) -> mirrorTags.put(id, s.value()));
        compare("tag", expectedTags, mirrorTags, out);
        return out;
    }

    private static List<String> allMirroredUserIds(MirrorStore store, String corp) {
        return store.allUserIds(corp);
    }

    private static <K, V> void compare(String kind, Map<K, V> expected, Map<K, V> mirror, List<String> out) {
        Set<K> keys = new LinkedHashSet<>(expected.keySet());
        keys.addAll(mirror.keySet());
        for (K k : keys) {
            V e = expected.get(k);
            V m = mirror.get(k);
            if (e == null) {
                out.add(kind + " " + k + " only in the mirror: " + m);
            } else if (m == null) {
                out.add(kind + " " + k + " missing from the mirror: " + e);
            } else if (!e.equals(m)) {
                out.add(kind + " " + k + " differs:\n  wecom  " + e + "\n  mirror " + m);
            }
        }
    }

    private static Department withSortedLeaders(Department d) {
        return new Department(d.id(), d.name(), d.nameEn(), d.parentId(), d.order(), d.leaders().stream().sorted().toList());
    }

    static Member member(EmulatedMember m) {
        List<Membership> memberships = new ArrayList<>();
        for (int i = 0; i < m.departments().size(); i++) {
            memberships.add(new Membership(m.departments().get(i), m.orders().get(i), m.leaderInDept().get(i) == 1));
        }
        List<ExtAttr> attrs = new ArrayList<>();
        for (EmulatedExtAttr a : m.extAttrs()) {
            attrs.add(switch (a.type()) {
                case 1 -> new ExtAttr.Web(a.name(), nz(a.url()), nz(a.title()));
                case 2 -> new ExtAttr.MiniProgram(a.name(), nz(a.appid()), nz(a.pagepath()), nz(a.title()));
                default -> new ExtAttr.Text(a.name(), nz(a.value()));
            });
        }
        return new Member(m.userId(), m.name(), m.alias(), memberships, m.mainDepartment(), m.position(), m.mobile(), m.email(),
                m.bizMail(), MemberCodec.gender(m.gender()), m.telephone(), m.address(), MemberCodec.status(m.status()),
                m.directLeaders(), attrs, m.externalPosition(), null);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
