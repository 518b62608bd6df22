package io.github.wecom4j.emulator.media;

import io.github.wecom4j.emulator.ApiError;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code media} part of a {@code multipart/form-data} upload, as WeCom reads it (doc 90253):
 * its file name and bytes. Anything else (no boundary, no {@code media} part) is 41006 / 40005.
 */
public record MultipartUpload(String filename, String contentType, byte[] content) {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

    public static MultipartUpload parse(String contentTypeHeader, byte[] body) {
        Matcher b = contentTypeHeader == null ? null : BOUNDARY.matcher(contentTypeHeader);
        if (b == null || !contentTypeHeader.startsWith("multipart/form-data") || !b.find()) {
            throw new ApiError(40005, "media must be sent as multipart/form-data");
        }
        byte[] delimiter = ("--" + b.group(1)).getBytes(StandardCharsets.US_ASCII);
        int pos = indexOf(body, delimiter, 0);
        while (pos >= 0) {
            int headersStart = pos + delimiter.length + 2; // skip CRLF after the delimiter
            if (headersStart > body.length || (body[pos + delimiter.length] == '-' && body[pos + delimiter.length + 1] == '-')) {
                break;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), headersStart);
            if (headersEnd < 0) {
                break;
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            int next = indexOf(body, ("\r\n--" + b.group(1)).getBytes(StandardCharsets.US_ASCII), headersEnd + 4);
            if (next < 0) {
                break;
            }
            Matcher name = NAME.matcher(headers);
            if (name.find() && name.group(1).equals("media")) {
                Matcher file = FILENAME.matcher(headers);
                Matcher type = Pattern.compile("(?i)content-type:\\s*([^\\r\\n]+)").matcher(headers);
                return new MultipartUpload(file.find() ? file.group(1) : "", type.find() ? type.group(1).trim() : "",
                        Arrays.copyOfRange(body, headersEnd + 4, next));
            }
            pos = next + 2;
        }
        throw new ApiError(41006, "no 'media' part in the upload");
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
