package io.satchel.common.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** {@code a.b.c.d/n} or {@code x::/n} (or a bare address) containment. */
final class Cidr {
    static boolean contains(String cidr, InetAddress address) {
        int slash = cidr.indexOf('/');
        String base = slash < 0 ? cidr : cidr.substring(0, slash);
        if (!base.matches("[0-9a-fA-F:.]+") || !(base.contains(".") || base.contains(":"))) {
            return false; // a host name, not a range
        }
        try {
            byte[] net = InetAddress.getByName(base).getAddress();
            byte[] addr = address.getAddress();
            if (net.length != addr.length) {
                return false;
            }
            int bits = slash < 0 ? net.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    private Cidr() {
    }
}
