package io.github.wecom4j.callback;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One element of a decrypted callback, as a tree: a leaf carries its text, a parent its children.
 * Read with the same DTD-refusing parser as the callbacks themselves.
 */
public record CallbackXmlElement(String name, String text, List<CallbackXmlElement> children) {

    public CallbackXmlElement {
        children = List.copyOf(children);
    }

    /** The whole decrypted plaintext ({@code <xml>...</xml>}). */
    public static CallbackXmlElement parse(String xml) {
        return CallbackXml.parseTree(xml);
    }

    /**
     * Rebuilds the tree from {@link CallbackMessage#fields()}: leaves as they are, and the fields
     * that {@code nested} names (which WeCom always sends as parents) from their inner markup.
     * Only named fields are read as markup, so a member's text containing {@code <} stays text.
     */
    public static CallbackXmlElement fromFields(Map<String, String> fields, java.util.Set<String> nested) {
        List<CallbackXmlElement> children = new ArrayList<>(fields.size());
        fields.forEach((name, value) -> {
            if (nested.contains(name) && value.startsWith("<")) {
                CallbackXmlElement parent = CallbackXml.parseTree("<xml>" + value + "</xml>");
                children.add(new CallbackXmlElement(name, "", parent.children()));
            } else {
                children.add(new CallbackXmlElement(name, value, List.of()));
            }
        });
        return new CallbackXmlElement("xml", "", children);
    }

    /** The first child with that name. */
    public Optional<CallbackXmlElement> child(String childName) {
        for (CallbackXmlElement c : children) {
            if (c.name.equals(childName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Every child with that name, in document order. */
    public List<CallbackXmlElement> all(String childName) {
        List<CallbackXmlElement> out = new ArrayList<>();
        for (CallbackXmlElement c : children) {
            if (c.name.equals(childName)) {
                out.add(c);
            }
        }
        return out;
    }

    /** A child's text, or null when there is no such child. */
    public String text(String childName) {
        return child(childName).map(CallbackXmlElement::text).orElse(null);
    }
}
