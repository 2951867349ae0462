package dev.confidant.platform.events;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyedEntriesTest {

    @Test
    void namesAndValuesInOrderBlanksSkippedNamesMayRepeat() {
        assertEquals(List.of(new KeyedEntries.Entry("chat-service", "AAA:B"),
                        new KeyedEntries.Entry("kek-1", "c2VjcmV0"), new KeyedEntries.Entry("chat-service", "CCC")),
                KeyedEntries.parse(" chat-service:AAA:B , ,kek-1: c2VjcmV0,chat-service:CCC,", "malformed"));
        assertTrue(KeyedEntries.parse(null, "malformed").isEmpty());
        assertTrue(KeyedEntries.parse("  ", "malformed").isEmpty());
    }

    @Test
    void anEntryWithoutANameIsRefusedWithoutQuotingIt() {
        for (String entries : new String[]{"secret-without-name", ":c2VjcmV0"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> KeyedEntries.parse(entries, "a key must read id:base64"));
            assertEquals("a key must read id:base64", refused.getMessage());
            assertFalse(refused.getMessage().contains("secret"));
        }
    }
}
