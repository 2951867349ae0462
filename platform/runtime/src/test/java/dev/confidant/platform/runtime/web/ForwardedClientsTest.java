package dev.confidant.platform.runtime.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardedClientsTest {

    private static final ForwardedClients.Networks INGRESS = ForwardedClients.Networks.of(List.of("10.0.0.0/8", "::1"));
    private static final ForwardedClients.Networks NONE = ForwardedClients.Networks.of(List.of());

    @Test
    void behindAnAppendingIngressTheClientIsTheRightMostUntrustedAddress() {
        // the client sent "X-Forwarded-For: 1.2.3.4"; the ingress appended the address it saw
        assertEquals("203.0.113.7", ForwardedClients.client("10.1.2.3", List.of("1.2.3.4, 203.0.113.7"), INGRESS));
        // two proxies of ours in a row
        assertEquals("203.0.113.7",
                ForwardedClients.client("10.1.2.3", List.of("1.2.3.4, 203.0.113.7, 10.9.9.9"), INGRESS));
        // the header split over several lines counts as one list
        assertEquals("203.0.113.7", ForwardedClients.client("10.1.2.3", List.of("1.2.3.4", "203.0.113.7"), INGRESS));
        assertEquals("2001:db8::1", ForwardedClients.client("::1", List.of("[2001:db8::1]"), INGRESS));
    }

    @Test
    void aPeerThatIsNoTrustedProxyIsTheClientWhateverItSends() {
        assertEquals("198.51.100.9", ForwardedClients.client("198.51.100.9", List.of("10.0.0.1, 1.2.3.4"), INGRESS));
        assertEquals("10.1.2.3", ForwardedClients.client("10.1.2.3", List.of("1.2.3.4"), NONE), "none trusted");
    }

    @Test
    void withoutAHeaderOrWithGarbageTheLastBelievableHopStands() {
        assertEquals("10.1.2.3", ForwardedClients.client("10.1.2.3", List.of(), INGRESS));
        assertEquals("203.0.113.7", ForwardedClients.client("10.1.2.3", List.of("evil.example, 203.0.113.7"), INGRESS));
        assertEquals("10.1.2.3", ForwardedClients.client("10.1.2.3", List.of("not-an-address"), INGRESS));
        assertEquals("10.2.2.2", ForwardedClients.client("10.1.2.3", List.of("10.2.2.2"), INGRESS),
                "only proxies: the farthest one");
    }

    @Test
    void networksAreAddressesAndCidrsAndNeverLookedUp() {
        assertTrue(INGRESS.contains("10.255.0.1"));
        assertFalse(INGRESS.contains("11.0.0.1"));
        assertTrue(INGRESS.contains("0:0:0:0:0:0:0:1"));
        assertFalse(INGRESS.contains("localhost"), "a name is not an address");
        assertFalse(INGRESS.contains("10.0.0.256"));
        assertTrue(ForwardedClients.Networks.of(List.of("192.168.1.0/24")).contains("192.168.1.77"));
        assertFalse(ForwardedClients.Networks.of(List.of("192.168.1.0/24")).contains("192.168.2.77"));
        assertThrows(IllegalArgumentException.class, () -> ForwardedClients.Networks.of(List.of("proxy.internal")));
        assertThrows(IllegalArgumentException.class, () -> ForwardedClients.Networks.of(List.of("10.0.0.0/33")));
    }
}
