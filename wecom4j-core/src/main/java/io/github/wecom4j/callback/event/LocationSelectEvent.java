package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/**
 * Event {@code location_select}: a {@code location_select} button sent a place
 * ({@code SendLocationInfo}); {@code AppType} is {@code wxwork} or {@code wx}.
 */
public record LocationSelectEvent(CallbackMessage raw, SelectedLocation location, String appType) implements MenuEvent {

    /** {@code Location_X} latitude, {@code Location_Y} longitude, {@code Scale}, {@code Label}, {@code Poiname}. */
    public record SelectedLocation(Double latitude, Double longitude, Integer scale, String label, String poiName) {
    }
}
