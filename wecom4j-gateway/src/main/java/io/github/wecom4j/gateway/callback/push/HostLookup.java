package io.github.wecom4j.gateway.callback.push;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Name resolution for pushes: the system's (the JVM's resolver and its cache) unless a test puts a
 * resolver it scripts in its place, the only way to reproduce what a rebinding DNS server answers.
 */
@FunctionalInterface
interface HostLookup {

    HostLookup SYSTEM = InetAddress::getAllByName;

    /** Every address of {@code host} (a literal is parsed, not looked up); never empty. */
    InetAddress[] lookup(String host) throws UnknownHostException;
}
