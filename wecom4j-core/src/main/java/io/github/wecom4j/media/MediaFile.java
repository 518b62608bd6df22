package io.github.wecom4j.media;

/** A downloaded media file. */
public record MediaFile(byte[] content, String contentType, String filename) {
}
