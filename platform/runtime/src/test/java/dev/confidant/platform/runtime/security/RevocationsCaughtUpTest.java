package dev.confidant.platform.runtime.security;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An instance is ready only once it has read every revocation that existed when it started. */
class RevocationsCaughtUpTest {

    @Test
    void notReadyUntilTheEndOfEveryPartitionAtStartIsRead() {
        RevocationsCaughtUp check = new RevocationsCaughtUp();
        check.read(1, 7); // records may arrive before the end offsets are known
        assertFalse(check.caughtUp(), "not before the end offsets are known");

        check.measured(Map.of(0, 5L, 1, 3L));
        assertEquals(1, check.partitionsBehind());
        check.read(0, 3);
        assertFalse(check.caughtUp());
        check.read(0, 4);
        assertTrue(check.caughtUp());
        assertEquals("UP", check.call().getStatus().name());
    }

    @Test
    void anEmptyTopicIsReadAtOnce() {
        RevocationsCaughtUp check = new RevocationsCaughtUp();
        check.measured(Map.of());
        assertTrue(check.caughtUp());
    }
}
