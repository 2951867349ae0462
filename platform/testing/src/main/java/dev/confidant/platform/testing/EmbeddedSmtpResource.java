package dev.confidant.platform.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real SMTP server (GreenMail) in the test JVM, with {@code quarkus.mailer.*} pointed at it and the mailer's mock
 * off, so tests read the mails a person would receive.
 */
public class EmbeddedSmtpResource implements QuarkusTestResourceLifecycleManager {

    private static volatile GreenMail server;

    /** A mail as its recipient sees it. */
    public record ReceivedMail(String to, String subject, String body) {
    }

    @Override
    public Map<String, String> start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return Map.of(
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(port),
                "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.tls", "false");
    }

    /** Every mail received so far for {@code address}, oldest first. */
    public static List<ReceivedMail> messagesTo(String address) {
        List<ReceivedMail> mails = new ArrayList<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            try {
                String to = message.getAllRecipients()[0].toString().toLowerCase(Locale.ROOT);
                if (to.equals(address.toLowerCase(Locale.ROOT))) {
                    mails.add(new ReceivedMail(to, message.getSubject(), text(message.getContent())));
                }
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException("unreadable mail", e);
            }
        }
        return mails;
    }

    /** Waits until {@code count} mails for {@code address} have arrived, and returns them. */
    public static List<ReceivedMail> awaitMessagesTo(String address, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ReceivedMail> mails = messagesTo(address);
            if (mails.size() >= count) {
                return mails;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " mails to " + address + ", got " + mails.size()
                        + mails.stream().map(ReceivedMail::subject).collect(Collectors.joining(", ", " (", ")")));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** How many mails arrived in all. */
    public static int count() {
        return server.getReceivedMessages().length;
    }

    private static String text(Object content) throws MessagingException, IOException {
        if (content instanceof MimeMultipart multipart) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                text.append(text(multipart.getBodyPart(i).getContent()));
            }
            return text.toString();
        }
        return String.valueOf(content);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
