package io.github.wecom4j.emulator.http;

/** Serves one route. */
@FunctionalInterface
public interface EmulatorHandler {
    EmulatorResponse handle(EmulatorRequest request) throws Exception;
}
