package dev.confidant.consent.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ledger keeps a network, never a device's address. */
class ClientNetworkTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "203.0.113.77|203.0.113.0/24",
            "10.1.2.3|10.1.2.0/24",
            "2001:db8:85a3::8a2e:370:7334|2001:db8:85a3::/48",
            "2001:0DB8:0000:0000:0000:0000:0000:0001|2001:db8:0::/48",
            "fe80::1%eth0|fe80:0:0::/48",
            "::1|0:0:0::/48",
            "::ffff:198.51.100.9|198.51.100.0/24",
            "256.1.1.1|NULL",
            "1.2.3|NULL",
            "1:2:3|NULL",
            "1:2:3:4:5:6:7:8:9|NULL",
            "2001:db8::1::2|NULL",
            "12345::1|NULL",
            "example.com|NULL",
            "''|NULL",
            "NULL|NULL"
    })
    void anAddressBecomesItsNetwork(String address, String network) {
        assertEquals(network, ClientNetwork.of(address));
    }
}
