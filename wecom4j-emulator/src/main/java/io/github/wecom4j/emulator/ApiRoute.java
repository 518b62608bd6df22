package io.github.wecom4j.emulator;

import tools.jackson.databind.node.ObjectNode;

/** Serves one {@code /cgi-bin} path; returns the success body (errcode 0 is added if absent). */
@FunctionalInterface
public interface ApiRoute {
    ObjectNode handle(ApiCall call);
}
