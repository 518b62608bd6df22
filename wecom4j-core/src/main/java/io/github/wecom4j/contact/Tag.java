package io.github.wecom4j.contact;

/** A tag (doc 90216). */
public record Tag(int id, String name) {
}
