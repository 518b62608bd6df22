package io.github.wecom4j.error;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * WeCom's global error codes (doc 90313, "全局错误码") with a short hint each.
 *
 * <p>The table lives in one data file, {@code errcodes.tsv} beside this class (code, name, English
 * hint, Chinese hint), so it is reviewed and extended as data, not as code.
 */
public final class WeComErrorCodes {

    /** One row of the table. */
    public record Entry(int code, String name, String hintEn, String hintZh) {
        public String hint() {
            return hintEn + " / " + hintZh;
        }
    }

    private static final Map<Integer, Entry> TABLE = load();

    private WeComErrorCodes() {
    }

    /** The entry for a code, if WeCom documents it and we carry it. */
    public static Optional<Entry> lookup(int code) {
        return Optional.ofNullable(TABLE.get(code));
    }

    /** A hint for any code; unknown codes still point the reader at WeCom's own lookup page. */
    public static String hint(int code) {
        Entry e = TABLE.get(code);
        if (e != null) {
            return e.hint();
        }
        return "unknown WeCom errcode " + code + "; look it up at https://open.work.weixin.qq.com/devtool/query?e="
                + code + " / 未收录的错误码，请在企业微信错误码查询工具中查询";
    }

    /** All entries, in file order. */
    public static Map<Integer, Entry> all() {
        return TABLE;
    }

    private static Map<Integer, Entry> load() {
        Map<Integer, Entry> table = new LinkedHashMap<>();
        try (InputStream in = WeComErrorCodes.class.getResourceAsStream("errcodes.tsv")) {
            if (in == null) {
                throw new IllegalStateException("errcodes.tsv missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                if (cols.length != 4) {
                    throw new IllegalStateException("errcodes.tsv: expected 4 columns in: " + line);
                }
                int code = Integer.parseInt(cols[0].trim());
                if (table.put(code, new Entry(code, cols[1].trim(), cols[2].trim(), cols[3].trim())) != null) {
                    throw new IllegalStateException("errcodes.tsv: duplicate code " + code);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(table);
    }
}
