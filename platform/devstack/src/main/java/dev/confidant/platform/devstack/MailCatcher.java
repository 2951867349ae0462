package dev.confidant.platform.devstack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server for the devstack: the services send their mails to it, and every mail it receives is shown on
 * the console with its links, so a person can click them.
 */
final class MailCatcher implements AutoCloseable {

    private static final Pattern LINK = Pattern.compile("https?://\\S+");

    private final GreenMail server;
    private final ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "devstack-mail");
        thread.setDaemon(true);
        return thread;
    });
    /** Mails already shown, by Message-ID: GreenMail lists received mails grouped by mailbox, not by arrival. */
    private final Set<String> shown = new HashSet<>();

    /**
     * The first link of the latest mail to {@code address} in what the mail catcher printed to the console, or null
     * if none is there yet: for the tools that follow mailed links as a person would.
     */
    static String latestLinkTo(CharSequence console, String address) {
        Matcher mail = Pattern.compile("mail to " + Pattern.quote(address) + "[^\\n]*\\n\\s+(http\\S+)")
                .matcher(console);
        String link = null;
        while (mail.find()) {
            link = mail.group(1);
        }
        return link;
    }

    private MailCatcher(GreenMail server) {
        this.server = server;
    }

    static MailCatcher start(String host, int port, PrintStream out) {
        GreenMail server = new GreenMail(new ServerSetup(port, host, ServerSetup.PROTOCOL_SMTP));
        server.start();
        MailCatcher catcher = new MailCatcher(server);
        catcher.printer.scheduleWithFixedDelay(() -> catcher.showNew(out), 500, 500, TimeUnit.MILLISECONDS);
        return catcher;
    }

    private synchronized void showNew(PrintStream out) {
        List<MimeMessage> fresh = new ArrayList<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            if (shown.add(identity(message))) {
                fresh.add(message);
            }
        }
        fresh.sort(Comparator.comparing(MailCatcher::sent)); // stable: within a mailbox, arrival order stays
        for (MimeMessage message : fresh) {
            try {
                // one print per mail, so progress lines of other threads never split a mail from its links
                StringBuilder block = new StringBuilder(String.format("%n  mail to %s: \"%s\"%n",
                        message.getAllRecipients()[0], message.getSubject()));
                Matcher links = LINK.matcher(String.valueOf(message.getContent()));
                while (links.find()) {
                    block.append("       ").append(links.group()).append(System.lineSeparator());
                }
                out.print(block);
            } catch (MessagingException | IOException e) {
                out.println("  (a mail arrived that could not be read: " + e.getMessage() + ")");
            }
        }
    }

    private static String identity(MimeMessage message) {
        try {
            String id = message.getMessageID();
            if (id != null) {
                return id;
            }
        } catch (MessagingException e) {
            // fall through to the object's identity
        }
        return "object:" + System.identityHashCode(message);
    }

    private static Date sent(MimeMessage message) {
        try {
            Date sent = message.getSentDate();
            return sent == null ? new Date(0) : sent;
        } catch (MessagingException e) {
            return new Date(0);
        }
    }

    @Override
    public void close() {
        printer.shutdownNow();
        server.stop();
    }
}
