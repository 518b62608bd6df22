package io.github.wecom4j.gateway.callback.push;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a DNS server under an attacker's control answers: for a scripted name, one answer per
 * lookup, in turn and round again (a time-to-live of 0, so every lookup asks anew); every other name
 * is resolved by the system. It stands in for DNS only, the one thing a test cannot set up for real.
 */
final class ScriptedDns implements HostLookup {

    private final Map<String, List<InetAddress[]>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

    /** {@code host} answers {@code answers[0]}, then {@code answers[1]}, ... and round again; each is comma-separated addresses. */
    void cycle(String host, String... answers) throws UnknownHostException {
        List<InetAddress[]> list = new ArrayList<>();
        for (String answer : answers) {
            String[] literals = answer.split(",");
            InetAddress[] addresses = new InetAddress[literals.length];
            for (int i = 0; i < literals.length; i++) {
                addresses[i] = InetAddress.getByName(literals[i].trim()); // literals: parsed, not looked up
            }
            list.add(addresses);
        }
        this.answers.put(host, List.copyOf(list));
        lookups.put(host, new AtomicInteger());
    }

    /** Lookups of {@code host} answered so far. */
    int lookups(String host) {
        AtomicInteger n = lookups.get(host);
        return n == null ? 0 : n.get();
    }

    @Override
    public InetAddress[] lookup(String host) throws UnknownHostException {
        List<InetAddress[]> scripted = answers.get(host);
        if (scripted == null) {
            return HostLookup.SYSTEM.lookup(host);
        }
        int n = lookups.get(host).getAndIncrement();
        return scripted.get(n % scripted.size()).clone();
    }
}
