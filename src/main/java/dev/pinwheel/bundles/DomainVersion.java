package dev.pinwheel.bundles;

/** The pin set version of one domain in a bundle. */
public record DomainVersion(String host, int pinSetVersion) {}
