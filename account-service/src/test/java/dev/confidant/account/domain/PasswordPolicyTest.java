package dev.confidant.account.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NIST SP 800-63B: length and a list of leaked passwords, no composition rules. */
class PasswordPolicyTest {

    @Test
    void longEnoughAndUncommonIsAccepted() {
        assertTrue(PasswordPolicy.problem("correct horse battery staple").isEmpty());
        assertTrue(PasswordPolicy.problem("alllowercaseletters").isEmpty(), "no composition rules");
    }

    @Test
    void lengthCountsCharactersNotBytesOrUtf16Units() {
        assertEquals("must be at least 12 characters", PasswordPolicy.problem("short pass1").orElseThrow());
        assertEquals("must be at least 12 characters", PasswordPolicy.problem(null).orElseThrow());
        // eleven emoji are 22 UTF-16 units but eleven characters
        assertTrue(PasswordPolicy.problem("\uD83D\uDE00".repeat(11)).isPresent());
        assertTrue(PasswordPolicy.problem("\uD83D\uDE00".repeat(12)).isEmpty());
        assertTrue(PasswordPolicy.problem("密码安全是一件很重要的事情").isEmpty());
    }

    @Test
    void overlongIsRefused() {
        assertTrue(PasswordPolicy.problem("x".repeat(PasswordPolicy.MAX_LENGTH)).isEmpty());
        assertEquals("must be at most 128 characters",
                PasswordPolicy.problem("x".repeat(PasswordPolicy.MAX_LENGTH + 1)).orElseThrow());
    }

    @Test
    void aLeakedPasswordIsRefusedWhateverItsCase() {
        assertTrue(PasswordPolicy.problem("!4polskaviza$").orElseThrow().startsWith("is too common"));
        assertTrue(PasswordPolicy.problem("!4POLSKAVIZA$").orElseThrow().startsWith("is too common"));
    }
}
