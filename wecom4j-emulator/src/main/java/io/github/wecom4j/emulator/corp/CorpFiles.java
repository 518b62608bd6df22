package io.github.wecom4j.emulator.corp;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a corp from a JSON file shaped like {@link EmulatedCorp} (corpId, name, contactsSecret,
 * departments, members, apps), so a team can emulate its own organisation.
 */
public final class CorpFiles {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private CorpFiles() {
    }

    public static EmulatedCorp load(Path file) {
        try {
            return JSON.readValue(Files.readAllBytes(file), EmulatedCorp.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read corp file " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid corp file " + file + ": " + e.getMessage(), e);
        }
    }

    public static void save(EmulatedCorp corp, Path file) {
        try {
            Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(corp));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
