package dev.confidant.chat.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each kind of personal data is caught, and text that only looks like it is left alone. */
class PiiRedactorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // emails
            "write to jane.doe+help@example.co.uk please|write to [email] please",
            "Jane.Doe@Mail.Example.COM|[email]",
            // phones: international, Chinese mobile, national
            "call +44 20 7946 0958 today|call [phone] today",
            "call +1 (555) 123-4567|call [phone]",
            "my number is 0044 20 7946 0958|my number is [phone]",
            "微信 13800138000 谢谢|微信 [phone] 谢谢",
            "+86 138 0013 8000|[phone]",
            "0086-139-1234-5678|[phone]",
            "phone: 020 7946 0958|phone: [phone]",
            "(555) 123-4567 after six|[phone] after six",
            "ring 555-123-4567|ring [phone]",
            // payment cards, Luhn-valid
            "card 4111 1111 1111 1111 exp 12/29|card [card] exp 12/29",
            "4111-1111-1111-1111|[card]",
            "mastercard 5500005555555559|mastercard [card]",
            "amex 378282246310005|amex [card]",
            // Chinese resident identity numbers with a valid check character
            "身份证 11010519491231002X|身份证 [id-number]",
            "id 44030419900307123x ok|id [id-number] ok",
            "320102198512125675|[id-number]",
            // IBANs, mod-97 valid
            "IBAN GB82 WEST 1234 5698 7654 32 thanks|IBAN [iban] thanks",
            "DE89370400440532013000|[iban]",
            // IP addresses
            "from 192.168.1.20 yesterday|from [ip] yesterday",
            "server 2001:db8::1 down|server [ip] down",
            "fe80::1ff:fe23:4567:890a|[ip]",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334|[ip]",
            // several at once
            "I'm bob@example.org, +33 6 12 34 56 78, card 4111111111111111|I'm [email], [phone], card [card]"
    })
    void personalDataIsReplaced(String text, String redacted) {
        assertEquals(redacted, PiiRedactor.redact(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "order 12345678 shipped on 2026-11-24",
            "version 1.2.3.4.5 of the app",
            "meet at 10:30:00 in room 12",
            "12800138000 is not a mobile number",
            "card 4111 1111 1111 1112 failed",
            "0000 0000 0000 0000",
            "110105194912310021 has a wrong check digit",
            "110105194913310029 has month 13",
            "IBAN GB82 WEST 1234 5698 7654 33 is mistyped",
            "ABCD1234EFGH5678IJKL",
            "999.1.1.1 is not an address",
            "MAC 00:1A:2B:3C:4D:5E",
            "@handle and user@localhost",
            "price 1 299,00 EUR, 3 x 4 = 12",
            "call me between 9-5 on 07.12.2026"
    })
    void lookalikesAreLeftAlone(String text) {
        assertEquals(text, PiiRedactor.redact(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void emptyTextStaysEmpty(String text) {
        assertEquals(text, PiiRedactor.redact(text));
    }
}
