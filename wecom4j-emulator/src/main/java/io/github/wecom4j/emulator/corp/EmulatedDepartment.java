package io.github.wecom4j.emulator.corp;

import java.util.List;

/** A department of the emulated corp; {@code parentId} 0 marks the root (as WeCom's samples show). */
public record EmulatedDepartment(long id, String name, String nameEn, long parentId, long order, List<String> leaders) {
    public EmulatedDepartment {
        nameEn = nameEn == null ? "" : nameEn;
        leaders = leaders == null ? List.of() : List.copyOf(leaders);
    }

    public EmulatedDepartment(long id, String name, long parentId, long order, List<String> leaders) {
        this(id, name, null, parentId, order, leaders);
    }
}
