package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackXmlElement;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Lenient reads of one element's children: a typed event must never fail because WeCom left a
 * field out or sent a number we cannot read, so absent or unreadable scalars are null and absent
 * lists empty; the untyped message still holds the text as sent.
 */
final class Fields {

    private final CallbackXmlElement element;

    Fields(CallbackXmlElement element) {
        this.element = element;
    }

    static Fields of(CallbackXmlElement element) {
        return new Fields(element);
    }

    /** The child element's fields; an absent child reads as empty. */
    Fields nested(String name) {
        return new Fields(element.child(name).orElseGet(() -> new CallbackXmlElement(name, "", List.of())));
    }

    /** Every child with that name, in order. */
    List<Fields> each(String name) {
        List<Fields> out = new ArrayList<>();
        for (CallbackXmlElement e : element.all(name)) {
            out.add(new Fields(e));
        }
        return out;
    }

    <T> List<T> each(String name, Function<Fields, T> read) {
        List<T> out = new ArrayList<>();
        for (Fields f : each(name)) {
            out.add(read.apply(f));
        }
        return out;
    }

    /** The texts of every child with that name, in order. */
    List<String> textsOf(String name) {
        List<String> out = new ArrayList<>();
        for (CallbackXmlElement e : element.all(name)) {
            out.add(e.text());
        }
        return out;
    }

    /** For each child {@code parent}, the text of its {@code child}: {@code <item><PicMd5Sum>..}. */
    List<String> textsOf(String parent, String child) {
        List<String> out = new ArrayList<>();
        for (CallbackXmlElement e : element.all(parent)) {
            String t = e.text(child);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /** Text of a child, null when absent. */
    String text(String name) {
        return element.text(name);
    }

    /** Text of a child, null when absent or empty: for optional fields where "" means "not sent". */
    String optional(String name) {
        String s = text(name);
        return s == null || s.isEmpty() ? null : s;
    }

    Integer integer(String name) {
        Long l = longValue(name);
        return l == null || l < Integer.MIN_VALUE || l > Integer.MAX_VALUE ? null : l.intValue();
    }

    Long longValue(String name) {
        String s = text(name);
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    Double decimal(String name) {
        String s = text(name);
        if (s == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(s.trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A comma-separated list ("1,2,3", "lisi,wangwu"); blanks dropped. */
    List<String> csv(String name) {
        String s = text(name);
        List<String> out = new ArrayList<>();
        if (s != null) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** A comma-separated list of ids; unreadable entries dropped. */
    List<Long> csvLongs(String name) {
        List<Long> out = new ArrayList<>();
        for (String s : csv(name)) {
            try {
                out.add(Long.parseLong(s));
            } catch (NumberFormatException ignored) {
                // Not an id: leave it to raw().
            }
        }
        return out;
    }

    /** A comma-separated list of 0/1 flags. */
    List<Boolean> csvFlags(String name) {
        List<Boolean> out = new ArrayList<>();
        for (String s : csv(name)) {
            out.add("1".equals(s));
        }
        return out;
    }
}
