package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.ApiRoutes;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import tools.jackson.databind.json.JsonMapper;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** The one place the contacts routes are registered: one routes class per resource. */
public final class ContactRoutes {

    private ContactRoutes() {
    }

    public static void register(ApiRoutes api, Directory directory, Supplier<EmulatedCorp> settings, JsonMapper json,
                                BatchJobs jobs, Function<String, Optional<byte[]>> media) {
        ContactContext ctx = new ContactContext(directory, settings, json);
        new DepartmentRoutes(ctx).register(api);
        new MemberRoutes(ctx).register(api);
        new TagRoutes(ctx).register(api);
        new BatchJobRoutes(ctx, jobs, media).register(api);
    }
}
