package dev.pinwheel.pins;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores the enums by their lower-case wire names, as the schema's check constraints expect. */
final class Converters {

    private Converters() {}

    @Converter
    static class PinRoleConverter implements AttributeConverter<PinRole, String> {
        @Override
        public String convertToDatabaseColumn(PinRole role) {
            return role == null ? null : role.wireName();
        }

        @Override
        public PinRole convertToEntityAttribute(String s) {
            return s == null ? null : PinRole.fromWire(s);
        }
    }

    @Converter
    static class DomainModeConverter implements AttributeConverter<DomainMode, String> {
        @Override
        public String convertToDatabaseColumn(DomainMode mode) {
            return mode == null ? null : mode.wireName();
        }

        @Override
        public DomainMode convertToEntityAttribute(String s) {
            return s == null ? null : DomainMode.fromWire(s);
        }
    }
}
