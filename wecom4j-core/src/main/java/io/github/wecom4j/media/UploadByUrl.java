package io.github.wecom4j.media;

import io.github.wecom4j.error.WeComValidationException;

import java.net.URI;
import java.util.Locale;

/**
 * The request of {@code media/upload_by_url} (doc 96219): WeCom fetches a large file (up to 200 MB,
 * video or file only) from a URL that supports HTTP Range and checks it against its MD5.
 *
 * @param scene    1 = customer-group welcome material, the only scene WeCom documents
 * @param kind     {@link MediaKind#VIDEO} (MP4) or {@link MediaKind#FILE}
 * @param filename the name recipients see
 * @param url      http(s) URL of the file
 * @param md5      hex MD5 of the file (32 characters), checked by WeCom after the download
 */
public record UploadByUrl(int scene, MediaKind kind, String filename, URI url, String md5) {

    /** doc 96219: scene 1, "客户联系入群欢迎语素材". */
    public static final int WELCOME_MATERIAL = 1;
    /** doc 96219: video and file up to 200 MB. */
    public static final long MAX_BYTES = 200L << 20;

    public UploadByUrl {
        if (scene != WELCOME_MATERIAL) {
            throw new WeComValidationException(40058, "scene must be 1 (customer-group welcome material), the only scene"
                    + " upload_by_url accepts");
        }
        if (kind != MediaKind.VIDEO && kind != MediaKind.FILE) {
            throw new WeComValidationException(40005, "upload_by_url takes video or file only; upload images and voice"
                    + " with media/upload");
        }
        if (filename == null || filename.isBlank()) {
            throw new WeComValidationException(40063, "a file name is required (it is shown to recipients)");
        }
        if (kind == MediaKind.VIDEO && !kind.extensionOf(filename).equals("mp4")) {
            throw new WeComValidationException(40004, "video must be MP4: " + filename);
        }
        String scheme = url == null || url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new WeComValidationException(40058, "url must be an absolute http(s) URL that WeCom can download");
        }
        if (md5 == null || !md5.matches("[0-9a-fA-F]{32}")) {
            throw new WeComValidationException(40058, "md5 must be the file's MD5 as 32 hex characters");
        }
    }
}
