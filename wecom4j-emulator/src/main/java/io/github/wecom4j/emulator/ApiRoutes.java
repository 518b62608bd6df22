package io.github.wecom4j.emulator;

/**
 * Where a scenario's routes register their {@code /cgi-bin} paths; every path then goes through
 * the one pipeline of {@link CgiBinDispatcher} (faults, method, token) before its route.
 */
public interface ApiRoutes {

    void get(String path, ApiRoute route);

    void post(String path, ApiRoute route);
}
