package dev.confidant.platform.runtime.web;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which address a request comes from when proxies stand in between. A proxy appends the address it received the
 * request from to {@code X-Forwarded-For}, so only the entries that trusted proxies appended are true: the client is
 * the right-most address that is not a trusted proxy, read from the right starting at the direct peer. Everything to
 * its left is whatever the client chose to send. A peer that is not a trusted proxy is the client, whatever it sends.
 */
public final class ForwardedClients {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** Networks whose addresses are proxies of this deployment (addresses or CIDRs, IPv4 or IPv6). */
    public record Networks(List<Network> networks) {

        public static Networks of(List<String> entries) {
            List<Network> parsed = new ArrayList<>();
            for (String entry : entries) {
                if (!entry.isBlank()) {
                    parsed.add(Network.parse(entry.strip()));
                }
            }
            return new Networks(List.copyOf(parsed));
        }

        public boolean contains(String address) {
            Optional<byte[]> bytes = literal(address);
            return bytes.isPresent() && networks.stream().anyMatch(n -> n.contains(bytes.get()));
        }
    }

    /** One address or CIDR block. */
    public record Network(byte[] prefix, int bits) {

        static Network parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] bytes = literal(address).orElseThrow(
                    () -> new IllegalArgumentException("not an IP address or CIDR: " + entry));
            int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(entry.substring(slash + 1));
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("not a prefix length for " + address + ": " + bits);
            }
            return new Network(bytes, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int shift = prefix.length * 8 - bits;
            return new BigInteger(1, address).shiftRight(shift).equals(new BigInteger(1, prefix).shiftRight(shift));
        }
    }

    private ForwardedClients() {
    }

    /**
     * The client's address.
     *
     * @param peer         the address of the connection's other end
     * @param forwardedFor the {@code X-Forwarded-For} header values, in the order received (each may list several)
     * @param proxies      the trusted proxies
     */
    public static String client(String peer, List<String> forwardedFor, Networks proxies) {
        if (!proxies.contains(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String hop : value.split(",")) {
                hops.add(hop.strip());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = address(hops.get(i));
            if (literal(hop).isEmpty()) {
                return client; // not an address: nothing further left can be believed
            }
            client = hop;
            if (!proxies.contains(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** The address part of an entry: without IPv6 brackets or an IPv4 port ({@code 203.0.113.7:51234}). */
    static String address(String text) {
        String address = text.strip();
        if (address.startsWith("[") && address.contains("]")) {
            return address.substring(1, address.indexOf(']'));
        }
        if (address.indexOf(':') > 0 && address.indexOf(':') == address.lastIndexOf(':') && address.contains(".")) {
            return address.substring(0, address.indexOf(':'));
        }
        return address;
    }

    /** The bytes of an IP address literal; never a DNS lookup. */
    static Optional<byte[]> literal(String text) {
        String address = address(text);
        if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            return Optional.empty();
        }
        if (IPV4.matcher(address).matches()) {
            for (String octet : address.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress(); // a literal: parsed, not looked up
            return Optional.of(bytes);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
