/**
 * Certificate rotations: stage a new key as backup, promote it to primary once every polling
 * client pins it, finish by dropping the old key once it is no longer served and a cool-down has
 * passed. Bundle history is read through {@link dev.pinwheel.pins.rotation.RotationSafety}, which
 * the bundles module implements (bundles depends on pins, never the other way round).
 */
package dev.pinwheel.pins.rotation;
