package io.github.wecom4j.media;

import java.util.Locale;
import java.util.Set;

/**
 * The {@code type} of a temporary media upload and WeCom's limits for it (doc 90253): every file
 * larger than 5 bytes; image ≤ 10 MB JPG/PNG, voice ≤ 2 MB AMR, video ≤ 10 MB MP4, file ≤ 20 MB.
 */
public enum MediaKind {
    IMAGE("image", 10L << 20, Set.of("jpg", "jpeg", "png")),
    VOICE("voice", 2L << 20, Set.of("amr")),
    VIDEO("video", 10L << 20, Set.of("mp4")),
    FILE("file", 20L << 20, Set.of());

    private final String wireName;
    private final long maxBytes;
    private final Set<String> extensions;

    MediaKind(String wireName, long maxBytes, Set<String> extensions) {
        this.wireName = wireName;
        this.maxBytes = maxBytes;
        this.extensions = extensions;
    }

    public String wireName() {
        return wireName;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Allowed file extensions; empty means any. */
    public Set<String> extensions() {
        return extensions;
    }

    public static MediaKind fromWire(String name) {
        for (MediaKind k : values()) {
            if (k.wireName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown media type " + name);
    }

    String extensionOf(String filename) {
        int dot = filename.lastIndexOf('.');
        return dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
