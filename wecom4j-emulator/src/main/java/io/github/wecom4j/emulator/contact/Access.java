package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.ApiCall;
import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.corp.EmulatedMember;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What one caller may do with the directory, by WeCom's rules:
 * <ul>
 *   <li>writes need the contacts-sync token (48002), except tags an app created itself;</li>
 *   <li>an app sees only its visible range: the departments it was given with everything below
 *       them, and the members given by name (60011 outside);</li>
 *   <li>an app created after 2022-06-20 gets no private member fields (doc 90196);</li>
 *   <li>the contacts-sync token from an IP it had not used before 2022-08-15 reads only
 *       {@code user/list_id} and {@code department/simplelist} (48009, doc 96255).</li>
 * </ul>
 * Built per call, under the directory's lock.
 */
final class Access {

    private final boolean contacts;
    private final EmulatedApp app;
    private final boolean knownIp;
    private final Set<Long> visibleDepartments;
    private final Set<String> visibleUsers;

    private Access(boolean contacts, EmulatedApp app, boolean knownIp, Set<Long> visibleDepartments, Set<String> visibleUsers) {
        this.contacts = contacts;
        this.app = app;
        this.knownIp = knownIp;
        this.visibleDepartments = visibleDepartments;
        this.visibleUsers = visibleUsers;
    }

    static Access of(ApiCall call, EmulatedCorp settings, Directory directory) {
        if (call.scope().contacts()) {
            return new Access(true, null, settings.contactsSync().knownIp(call.request().remoteIp()), null, null);
        }
        EmulatedApp app = settings.app(call.scope().agentId())
                .orElseThrow(() -> new ApiError(40056, "invalid agentid " + call.scope().agentId()));
        Set<Long> departments = new HashSet<>();
        for (long root : app.visibleDepartments()) {
            departments.addAll(directory.departments().descendants(root));
        }
        Set<String> users = new HashSet<>();
        app.visibleUsers().forEach(u -> users.add(u.toLowerCase(Locale.ROOT)));
        return new Access(false, app, true, departments, users);
    }

    boolean contacts() {
        return contacts;
    }

    /** 0 for the contacts-sync tool, else the app's agentid (tag ownership). */
    int agentId() {
        return contacts ? 0 : app.agentId();
    }

    void requireWrite() {
        if (!contacts) {
            throw new ApiError(48002, "api forbidden: contacts are written with the contacts-sync (通讯录同步) secret's token");
        }
    }

    /** Reads other than list_id and department/simplelist. */
    void requireDetailRead() {
        if (contacts && !knownIp) {
            throw new ApiError(48009, "api forbidden for the contacts-sync secret from a new IP since 2022-08-15: "
                    + "use user/list_id and department/simplelist");
        }
    }

    void requireContactsSync() {
        if (!contacts) {
            throw new ApiError(48002, "api forbidden: only the contacts-sync (通讯录同步) secret's token may call this");
        }
    }

    boolean privateFields() {
        return contacts || app.seesPrivateFields();
    }

    boolean seesDepartment(long id) {
        return contacts || visibleDepartments.contains(id);
    }

    boolean seesMember(EmulatedMember m) {
        if (contacts || visibleUsers.contains(m.userId().toLowerCase(Locale.ROOT))) {
            return true;
        }
        for (long d : m.departments()) {
            if (visibleDepartments.contains(d)) {
                return true;
            }
        }
        return false;
    }

    void requireDepartment(long id) {
        if (!seesDepartment(id)) {
            throw new ApiError(60011, "no privilege to access department " + id + " (outside the app's visible range)");
        }
    }

    EmulatedMember requireMember(EmulatedMember m) {
        if (!seesMember(m)) {
            throw new ApiError(60011, "no privilege to access member " + m.userId() + " (outside the app's visible range)");
        }
        return m;
    }
}
