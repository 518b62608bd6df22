package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.http.EmulatorRequest;
import tools.jackson.databind.JsonNode;

/**
 * An API call that passed the token guard: the request, the token's scope (null for gettoken)
 * and the parsed JSON body (an empty object for GET).
 */
public record ApiCall(EmulatorRequest request, TokenAuthority.Scope scope, JsonNode body) {

    /** A required query parameter; WeCom answers a missing one with an errcode of its own. */
    public String requireParam(String name, int errcodeIfMissing) {
        String v = request.param(name);
        if (v == null || v.isEmpty()) {
            throw new ApiError(errcodeIfMissing, "missing " + name);
        }
        return v;
    }
}
