package io.github.wecom4j.gateway.media;

import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.media.MediaKind;

import java.util.Arrays;

/**
 * What the gateway checks in an upload before it keeps it: the file name a caller sent is cleaned
 * (it is shown to recipients and used as WeCom's {@code filename}, never as a path here), and the
 * content of images, voice and video must be what the kind claims, by its first bytes, because
 * WeCom accepts only JPG/PNG images, AMR voice and MP4 video (doc 90253) and a caller's declared
 * Content-Type or extension proves nothing.
 */
final class UploadChecks {

    /** WeCom shows file names to recipients; the gateway stores at most this many characters. */
    static final int MAX_FILENAME = 255;

    private UploadChecks() {
    }

    /**
     * The name to keep: the last path segment ({@code ../../etc/passwd} → {@code passwd}), without
     * control or bidirectional-override characters (which disguise an extension), at most
     * {@value #MAX_FILENAME} characters with the extension kept. A NUL is refused outright: it is
     * never part of a real name and is the classic way to cut a name short ({@code a.php\0.png}).
     */
    static String filename(String sent) {
        if (sent == null) {
            return "upload";
        }
        if (sent.indexOf('\0') >= 0) {
            throw new WeComValidationException(40035, "the file name contains a NUL character");
        }
        String name = sent.substring(Math.max(sent.lastIndexOf('/'), sent.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder(name.length());
        name.codePoints().filter(c -> !Character.isISOControl(c) && !isBidiControl(c)).forEach(clean::appendCodePoint);
        name = clean.toString().strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return "upload";
        }
        if (name.length() > MAX_FILENAME) {
            int dot = name.lastIndexOf('.');
            String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
            name = name.substring(0, MAX_FILENAME - extension.length()) + extension;
        }
        return name;
    }

    private static boolean isBidiControl(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
    }

    /**
     * Refuses content whose first bytes do not match the kind (files may be anything). A name with
     * an extension the kind does not allow is left to the SDK's check, which answers WeCom's 40004.
     */
    static void contentMatches(MediaKind kind, String filename, byte[] content) {
        int dot = filename.lastIndexOf('.');
        String extension = dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
        if (!kind.extensions().isEmpty() && !kind.extensions().contains(extension)) {
            return;
        }
        boolean ok = switch (kind) {
            case IMAGE -> startsWith(content, 0, PNG) || startsWith(content, 0, JPEG);
            case VOICE -> startsWith(content, 0, AMR);
            case VIDEO -> startsWith(content, 4, MP4_FTYP);
            default -> true;
        };
        if (!ok) {
            throw new WeComValidationException(40005, "the content is not a " + switch (kind) {
                case IMAGE -> "JPG or PNG image";
                case VOICE -> "AMR recording";
                case VIDEO -> "MP4 video";
                default -> kind.wireName();
            } + " (checked by its first bytes, not its name or Content-Type)");
        }
    }

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] AMR = {'#', '!', 'A', 'M', 'R'};
    private static final byte[] MP4_FTYP = {'f', 't', 'y', 'p'};

    private static boolean startsWith(byte[] content, int offset, byte[] magic) {
        return content.length >= offset + magic.length
                && Arrays.equals(content, offset, offset + magic.length, magic, 0, magic.length);
    }
}
