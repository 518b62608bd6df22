package io.github.wecom4j.gateway.directory;

import java.util.Locale;

/** SQL LIKE patterns over the mirror's lower-case columns, with {@code ESCAPE '\'} (H2 and PostgreSQL). */
final class LikePatterns {

    private LikePatterns() {
    }

    /** {@code text} lower-cased, matched literally: its {@code \ % _} escaped (userids may hold {@code _}). */
    static String literal(String text) {
        return text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
