package dev.confidant.chat.service;

import io.quarkus.runtime.LaunchMode;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In production chat-service refuses to start without its key-encryption key; dev and test generate one. */
class KeyEncryptionKeyTest {

    @Test
    void productionNeedsTheConfiguredKey() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SubjectKeys.keyEncryptionKey(Optional.empty(), LaunchMode.NORMAL));
        assertTrue(refused.getMessage().contains("key-encryption-key"), refused.getMessage());
        assertNotNull(SubjectKeys.keyEncryptionKey(Optional.of(Base64.getEncoder().encodeToString(new byte[32])),
                LaunchMode.NORMAL));
        assertNotNull(SubjectKeys.keyEncryptionKey(Optional.empty(), LaunchMode.TEST));
    }
}
