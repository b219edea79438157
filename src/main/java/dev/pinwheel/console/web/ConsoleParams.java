package dev.pinwheel.console.web;

import dev.pinwheel.core.Violations;
import dev.pinwheel.pins.AppId;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.PinHash;

/**
 * Parses the console's path variables and form fields into the pins module's value types, as the
 * API's controllers do: a malformed value is a validation problem naming its field, which the page
 * shows in words.
 */
final class ConsoleParams {

    private ConsoleParams() {}

    static HostName host(String host) {
        return Violations.single("host", host, HostName::of);
    }

    static AppId appId(String appId) {
        return Violations.single("appId", appId, AppId::parse);
    }

    static PinHash pin(String field, String pin) {
        return pin == null || pin.isBlank() ? null : Violations.single(field, pin, PinHash::parse);
    }
}
