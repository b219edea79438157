package dev.pinwheel.pins.discovery;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a host name to the one address discovery connects to. The system resolver by default;
 * a test may register its own bean to map test names to 127.0.0.1.
 */
@FunctionalInterface
public interface AddressResolver {

    /** The system resolver: the first address {@link InetAddress#getAllByName} returns. */
    AddressResolver SYSTEM = host -> InetAddress.getAllByName(host)[0];

    InetAddress resolve(String host) throws UnknownHostException;
}
