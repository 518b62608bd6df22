package io.github.wecom4j.emulator.corp;

import java.util.List;

/** A department of the emulated corp; {@code parentId} 0 marks the root (as WeCom's samples show). */
public record EmulatedDepartment(long id, String name, long parentId, long order, List<String> leaders) {
    public EmulatedDepartment {
        leaders = leaders == null ? List.of() : List.copyOf(leaders);
    }
}
