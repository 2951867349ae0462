package dev.confidant.platform.runtime.mail;

import dev.confidant.platform.runtime.tx.AfterCommit;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How a service mails a person: only after the transaction that caused the mail commits (a refused or rolled-back
 * request never mails anyone), one mail at a time from one thread (the SMTP client has been seen to stall when sends
 * overlap), retried with backoff when a send stalls or fails. Addresses never reach the log.
 */
@ApplicationScoped
public class MailDelivery {

    private static final Logger LOG = Logger.getLogger(MailDelivery.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "confidant-mail-sender");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    ReactiveMailer mailer;

    @Inject
    AfterCommit afterCommit;

    /** Sends a plain-text mail once the current transaction has committed (at once outside one). */
    public void send(String from, String to, String subject, String text) {
        Mail mail = Mail.withText(to, subject, text).setFrom(from);
        afterCommit.run(() -> sender.execute(() -> deliver(mail, subject)));
    }

    private void deliver(Mail mail, String subject) {
        try {
            mailer.send(mail)
                    .ifNoItem().after(SEND_TIMEOUT).fail()
                    .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(4)
                    .await().indefinitely();
            LOG.debugf("Mail sent: %s", subject);
        } catch (RuntimeException e) {
            LOG.warnf("Mail '%s' could not be sent: %s", subject, e.getClass().getSimpleName());
        }
    }

    @PreDestroy
    void stop() {
        sender.shutdown();
    }
}
