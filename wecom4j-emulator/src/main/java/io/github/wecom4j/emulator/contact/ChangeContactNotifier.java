package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.EmulatorCounters;
import io.github.wecom4j.emulator.callback.CallbackPusher;
import io.github.wecom4j.emulator.corp.EmulatedContactsSync;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.corp.EmulatedMember;

import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Turns directory changes into {@code change_contact} events the way WeCom routes them (docs
 * 96301, 96302, 96304): to the contacts-sync assistant's event server (a corp-level URL, Token
 * and EncodingAESKey), for changes made by an administrator or a member, and never for changes
 * made through the contacts-sync API (the caller knows what it did). An event server configured
 * on or after 2022-08-15 gets member events with UserID and Department only.
 *
 * <p>{@link #dropRate} loses a share of the events (seeded, replayable), as if WeCom had given up
 * after its retries: what a reconcile must heal.
 */
public final class ChangeContactNotifier {

    private final Supplier<EmulatedContactsSync> settings;
    private final CallbackPusher pusher;
    private final Clock clock;
    private final EmulatorCounters counters;
    private final Supplier<String> corpId;
    private double dropRate;
    private Random random = new Random(1);

    public ChangeContactNotifier(Supplier<EmulatedContactsSync> settings, Supplier<String> corpId, CallbackPusher pusher,
                                 Clock clock, EmulatorCounters counters) {
        this.settings = settings;
        this.corpId = corpId;
        this.pusher = pusher;
        this.clock = clock;
        this.counters = counters;
    }

    public synchronized void dropRate(double rate, long seed) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("dropRate must be between 0 and 1");
        }
        this.dropRate = rate;
        this.random = new Random(seed);
    }

    public synchronized void reset() {
        dropRate = 0;
        random = new Random(1);
    }

    /** Called after each directory change, outside the directory's lock. */
    public void on(List<DirectoryEvent> events) {
        EmulatedContactsSync sync = settings.get();
        for (DirectoryEvent e : events) {
            if (!e.origin().announced()) {
                continue;
            }
            if (sync.callbackUrl() == null) {
                counters.increment("change_contact without event server");
                continue;
            }
            if (drop()) {
                counters.increment("change_contact dropped");
                continue;
            }
            pusher.pushTo(sync.callbackUrl(), sync.callbackToken(), sync.encodingAesKey(), "change_contact",
                    xml(e, sync.minimalMemberEvents()));
            counters.increment("change_contact sent");
        }
    }

    private synchronized boolean drop() {
        return dropRate > 0 && random.nextDouble() < dropRate;
    }

    String xml(DirectoryEvent e, boolean minimal) {
        StringBuilder x = new StringBuilder("<xml><ToUserName><![CDATA[").append(corpId.get())
                .append("]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>")
                .append(clock.instant().getEpochSecond()).append("</CreateTime><MsgType><![CDATA[event]]></MsgType>")
                .append("<Event><![CDATA[change_contact]]></Event>");
        if (e instanceof DirectoryEvent.MemberCreated c) {
            member(x.append(type("create_user")), c.member().userId(), null, c.member(), minimal);
        } else if (e instanceof DirectoryEvent.MemberUpdated u) {
            // A renamed member: UserID is its id before the change, NewUserID the one it has now (doc 90970)
            boolean renamed = !u.before().userId().equals(u.after().userId());
            member(x.append(type("update_user")), u.before().userId(), renamed ? u.after().userId() : null, u.after(), minimal);
        } else if (e instanceof DirectoryEvent.MemberDeleted d) {
            text(x.append(type("delete_user")), "UserID", d.member().userId());
        } else if (e instanceof DirectoryEvent.DepartmentCreated c) {
            party(x.append(type("create_party")), c.department(), true);
        } else if (e instanceof DirectoryEvent.DepartmentUpdated u) {
            // WeCom sends Name and ParentId only when that field changed (doc 90971, 更新部门事件)
            x.append(type("update_party")).append("<Id>").append(u.after().id()).append("</Id>");
            if (!u.after().name().equals(u.before().name())) {
                text(x, "Name", u.after().name());
            }
            if (u.after().parentId() != u.before().parentId()) {
                x.append("<ParentId>").append(u.after().parentId()).append("</ParentId>");
            }
        } else if (e instanceof DirectoryEvent.DepartmentDeleted d) {
            x.append(type("delete_party")).append("<Id>").append(d.department().id()).append("</Id>");
        } else if (e instanceof DirectoryEvent.TagMembersChanged t) {
            x.append(type("update_tag")).append("<TagId>").append(t.tagId()).append("</TagId>");
            text(x, "AddUserItems", String.join(",", t.addedUsers()));
            text(x, "DelUserItems", String.join(",", t.removedUsers()));
            text(x, "AddPartyItems", t.addedParties().stream().map(String::valueOf).collect(Collectors.joining(",")));
            text(x, "DelPartyItems", t.removedParties().stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        return x.append("</xml>").toString();
    }

    private static String type(String changeType) {
        return "<ChangeType><![CDATA[" + changeType + "]]></ChangeType>";
    }

    private static void member(StringBuilder x, String userId, String newUserId, EmulatedMember m, boolean minimal) {
        text(x, "UserID", userId);
        if (newUserId != null) {
            text(x, "NewUserID", newUserId);
        }
        text(x, "Department", m.departments().stream().map(String::valueOf).collect(Collectors.joining(",")));
        if (minimal) {
            return;
        }
        text(x, "Name", m.name());
        text(x, "MainDepartment", Long.toString(m.mainDepartment()));
        text(x, "IsLeaderInDept", m.leaderInDept().stream().map(String::valueOf).collect(Collectors.joining(",")));
        text(x, "DirectLeader", String.join(",", m.directLeaders()));
        text(x, "Position", m.position());
        text(x, "Mobile", m.mobile());
        text(x, "Gender", m.gender());
        text(x, "Email", m.email());
        text(x, "BizMail", m.bizMail());
        x.append("<Status>").append(m.status()).append("</Status>");
        text(x, "Alias", m.alias());
        text(x, "Telephone", m.telephone());
        text(x, "Address", m.address());
    }

    private static void party(StringBuilder x, EmulatedDepartment d, boolean withOrder) {
        x.append("<Id>").append(d.id()).append("</Id>");
        text(x, "Name", d.name());
        x.append("<ParentId>").append(d.parentId()).append("</ParentId>");
        if (withOrder) {
            x.append("<Order>").append(d.order()).append("</Order>");
        }
    }

    private static void text(StringBuilder x, String element, String value) {
        x.append('<').append(element).append("><![CDATA[").append(value.replace("]]>", "]]]]><![CDATA[>"))
                .append("]]></").append(element).append('>');
    }
}
