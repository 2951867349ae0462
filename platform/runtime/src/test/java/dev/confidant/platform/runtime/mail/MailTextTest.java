package dev.confidant.platform.runtime.mail;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailTextTest {

    @Test
    void typedTextStaysOnOneVisibleLine() {
        assertEquals("Eve Bcc: victim@example.org Click http://evil.example",
                MailText.inline("Eve\r\nBcc: victim@example.org\r\n\r\nClick http://evil.example"));
        assertEquals("Eve gpj.exe", MailText.inline("Eve\u202Egpj.exe"), "no right-to-left override");
        assertEquals("a b", MailText.inline("a\tb\u2028"));
        assertEquals("张三", MailText.inline(" 张三 "));
        assertEquals("x".repeat(MailText.MAX) + "…", MailText.inline("x".repeat(300)));
        assertEquals("", MailText.inline(null));
    }

    @Test
    void plainTextIsTextWithoutControlCharacters() {
        assertTrue("Zoë O'Brien-张".matches(MailText.PLAIN_TEXT));
        assertFalse("Eve\nBcc: x".matches(MailText.PLAIN_TEXT));
        assertFalse("Eve\u202E".matches(MailText.PLAIN_TEXT));
    }
}
