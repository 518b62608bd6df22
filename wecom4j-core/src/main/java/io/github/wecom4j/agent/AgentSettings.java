package io.github.wecom4j.agent;

/**
 * What {@code agent/set} changes (doc 90228); null leaves a setting as it is. Name at most 32
 * characters, description at most 120.
 */
public record AgentSettings(String name, String description, String redirectDomain, Boolean reportLocation,
                            Boolean reportEnter, String homeUrl, String logoMediaId) {

    public static AgentSettings none() {
        return new AgentSettings(null, null, null, null, null, null, null);
    }

    public AgentSettings name(String value) {
        return new AgentSettings(value, description, redirectDomain, reportLocation, reportEnter, homeUrl, logoMediaId);
    }

    public AgentSettings description(String value) {
        return new AgentSettings(name, value, redirectDomain, reportLocation, reportEnter, homeUrl, logoMediaId);
    }

    public AgentSettings homeUrl(String value) {
        return new AgentSettings(name, description, redirectDomain, reportLocation, reportEnter, value, logoMediaId);
    }

    /** Whether members entering the app push an enter_agent event (isreportenter). */
    public AgentSettings reportEnter(boolean value) {
        return new AgentSettings(name, description, redirectDomain, reportLocation, value, homeUrl, logoMediaId);
    }

    /** Whether members' locations are reported on entering (report_location_flag, LOCATION events). */
    public AgentSettings reportLocation(boolean value) {
        return new AgentSettings(name, description, redirectDomain, value, reportEnter, homeUrl, logoMediaId);
    }
}
