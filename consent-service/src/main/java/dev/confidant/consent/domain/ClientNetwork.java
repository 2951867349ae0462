package dev.confidant.consent.domain;

import java.util.regex.Pattern;

/** A client address cut down to its network, so the ledger records where from without naming the device. */
public final class ClientNetwork {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final String MAPPED_IPV4 = "::ffff:";

    private ClientNetwork() {
    }

    /** {@code a.b.c.0/24} for IPv4, the first 48 bits for IPv6; null for anything else. */
    public static String of(String address) {
        if (address == null) {
            return null;
        }
        var ipv4 = IPV4.matcher(address);
        if (ipv4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(ipv4.group(i)) > 255) {
                    return null;
                }
            }
            return ipv4.group(1) + "." + ipv4.group(2) + "." + ipv4.group(3) + ".0/24";
        }
        String lower = address.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith(MAPPED_IPV4) && lower.indexOf('.') > 0) {
            return of(lower.substring(MAPPED_IPV4.length())); // an IPv4 client seen through a dual-stack socket
        }
        if (address.indexOf(':') >= 0 && address.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+")) {
            String[] groups = expand(address.split("%")[0]);
            return groups == null ? null : groups[0] + ":" + groups[1] + ":" + groups[2] + "::/48";
        }
        return null;
    }

    private static String[] expand(String address) {
        String[] halves = address.split("::", -1);
        if (halves.length > 2) {
            return null;
        }
        String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":");
        String[] tail = halves.length == 2 && !halves[1].isEmpty() ? halves[1].split(":") : new String[0];
        if (halves.length == 1 && head.length != 8) {
            return null; // without "::" every group is written out
        }
        String[] groups = new String[8];
        java.util.Arrays.fill(groups, "0");
        if (head.length + tail.length > 8) {
            return null;
        }
        for (int i = 0; i < head.length; i++) {
            groups[i] = normalise(head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            groups[8 - tail.length + i] = normalise(tail[i]);
        }
        for (String group : groups) {
            if (group == null) {
                return null;
            }
        }
        return groups;
    }

    private static String normalise(String group) {
        if (group.isEmpty() || group.length() > 4 || !group.matches("[0-9A-Fa-f]+")) {
            return null;
        }
        return Integer.toHexString(Integer.parseInt(group, 16));
    }
}
