package dev.confidant.platform.devstack;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The devstack's mail catcher prints every mail, in the order they arrive, a second one to an address included. */
class MailCatcherTest {

    @Test
    void everyMailIsPrintedInOrderWithItsLinkEvenASecondOneToTheSameAddress() throws Exception {
        int port = DevstackHarness.freePorts(1)[0];
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (MailCatcher catcher = MailCatcher.start("127.0.0.1", port,
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            Properties smtp = new Properties();
            smtp.put("mail.smtp.host", "127.0.0.1");
            smtp.put("mail.smtp.port", Integer.toString(port));
            Session session = Session.getInstance(smtp);
            String[][] mails = {{"ana@example.org", "Verify your address", "http://localhost/verify?token=1"},
                    {"bo@example.org", "Verify your address", "http://localhost/verify?token=2"},
                    {"ana@example.org", "Reset your password", "http://localhost/reset?token=3"},
                    {"bo@example.org", "Your email was changed", "http://localhost/changed?token=4"}};
            java.time.Instant sent = java.time.Instant.parse("2026-11-30T09:00:00Z");
            for (String[] mail : mails) {
                sent = sent.plusSeconds(60); // distinct Date headers, as mails minutes apart have
                MimeMessage message = new MimeMessage(session);
                message.setSentDate(java.util.Date.from(sent));
                message.setFrom(new InternetAddress("noreply@confidant.local"));
                message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail[0]));
                message.setSubject(mail[1]);
                message.setText("Open " + mail[2] + " to continue.");
                Transport.send(message);
            }
            Awaitility.await("every mail printed").atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> count(printed) >= mails.length);
            List<String> seen = new ArrayList<>();
            Matcher block = Pattern.compile("mail to (\\S+): \"([^\"]+)\"\\R\\s+(\\S+)").matcher(printed.toString(
                    StandardCharsets.UTF_8));
            while (block.find()) {
                seen.add(block.group(1) + " " + block.group(2) + " " + block.group(3));
            }
            List<String> expected = new ArrayList<>();
            for (String[] mail : mails) {
                expected.add(String.join(" ", mail));
            }
            assertEquals(expected, seen);
        }
    }

    private static int count(ByteArrayOutputStream printed) {
        Matcher mails = Pattern.compile("mail to ").matcher(printed.toString(StandardCharsets.UTF_8));
        int count = 0;
        while (mails.find()) {
            count++;
        }
        return count;
    }
}
