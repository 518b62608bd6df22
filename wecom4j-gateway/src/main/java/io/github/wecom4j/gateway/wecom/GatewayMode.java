package io.github.wecom4j.gateway.wecom;

/**
 * Which WeCom the gateway talks to: the embedded emulator (no credentials configured) or the real
 * one. Shown on the console and in the startup log so nobody mistakes one for the other.
 *
 * @param emulated    true when the embedded emulator stands in for WeCom
 * @param emulatorUrl base URL of the embedded emulator, null otherwise
 */
public record GatewayMode(boolean emulated, String emulatorUrl) {

    public String describe() {
        return emulated
                ? "EMULATED WeCom (embedded emulator at " + emulatorUrl + ", demo corp); set WECOM_CORP_ID to use real WeCom"
                : "real WeCom";
    }
}
