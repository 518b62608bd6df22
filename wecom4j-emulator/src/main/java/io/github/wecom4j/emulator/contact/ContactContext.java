package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.ApiCall;
import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.function.Supplier;

/** What the contact routes share: the live directory, the corp's settings (apps, contacts-sync), JSON. */
record ContactContext(Directory directory, Supplier<EmulatedCorp> settings, JsonMapper json) {

    Access access(ApiCall call) {
        return Access.of(call, settings.get(), directory);
    }

    /** Leaders of a department: members flagged is_leader_in_dept there. */
    List<String> leaders(long departmentId) {
        return directory.leaders(departmentId);
    }

    static long id(String raw, int errcode, String what) {
        if (raw == null || raw.isEmpty()) {
            throw new ApiError(errcode, what + " is required");
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ApiError(errcode, "invalid " + what + ": " + raw);
        }
    }
}
