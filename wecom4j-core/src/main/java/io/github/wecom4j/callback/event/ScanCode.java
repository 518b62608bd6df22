package io.github.wecom4j.callback.event;

/** {@code ScanCodeInfo}: {@code ScanType} (qrcode, barcode) and what the code said. */
public record ScanCode(String scanType, String scanResult) {
}
