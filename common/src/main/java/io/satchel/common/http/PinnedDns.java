package io.satchel.common.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * The connection's name lookup for one fetch hop: answers the addresses that were already vetted for that host and
 * nothing else, so no second lookup (DNS rebinding) can slip another address in between the check and the connect.
 */
final class PinnedDns implements Dns {
    private final String host;
    private final List<InetAddress> vetted;

    PinnedDns(String host, List<InetAddress> vetted) {
        this.host = host;
        this.vetted = List.copyOf(vetted);
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        if (!hostname.equalsIgnoreCase(host)) {
            throw new UnknownHostException(hostname + " was not vetted for this fetch (only " + host + ")");
        }
        return vetted;
    }
}
