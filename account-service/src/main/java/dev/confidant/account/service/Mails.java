package dev.confidant.account.service;

import dev.confidant.account.config.AccountConfig;
import dev.confidant.platform.runtime.mail.MailDelivery;
import dev.confidant.platform.runtime.mail.MailText;
import dev.confidant.platform.runtime.security.Secrets;
import dev.confidant.platform.runtime.web.SharedRateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;


/**
 * The mails account-service sends, delivered by the platform's {@link MailDelivery}: after commit, never logged with
 * their addresses.
 */
@ApplicationScoped
public class Mails {

    private static final Logger LOG = Logger.getLogger(Mails.class);

    @Inject
    MailDelivery delivery;

    @Inject
    AccountConfig config;

    @Inject
    SharedRateLimiter limiter;

    public void verifyEmail(String to, String displayName, String token) {
        unsolicited(to, "Confirm your email address for Confidant", """
                Hello %s,

                please confirm that this address is yours by opening this link:

                %s/api/accounts/verify-email?token=%s

                The link works once and expires in %d hours. If you did not register, ignore this mail:
                nothing else will be sent to you.
                """.formatted(MailText.inline(displayName), config.publicUrl(), token,
                config.verificationLinkTtl().toHours()));
    }

    public void confirmNewEmail(String to, String displayName, String token) {
        unsolicited(to, "Confirm your new email address for Confidant", """
                Hello %s,

                you asked to use this address for your Confidant account. To confirm, open this link:

                %s/api/accounts/confirm-email-change?token=%s

                If you did not ask for this, ignore this mail: nothing changes.
                """.formatted(MailText.inline(displayName), config.publicUrl(), token));
    }

    public void emailChanged(String to, String undoToken) {
        send(to, "Your Confidant email address was changed", """
                Hello,

                the email address of your Confidant account was changed and this address is no longer used.

                If you did not do this, open this link within 7 days: it puts this address back, signs everyone
                out of the account, and sends you a link to choose a new password.

                %s/api/accounts/undo-email-change?token=%s
                """.formatted(config.publicUrl(), undoToken));
    }

    public void alreadyRegistered(String to) {
        unsolicited(to, "Someone tried to register with your address", """
                Hello,

                someone tried to create a Confidant account with this email address, which already has one.
                If it was you, log in instead, or reset your password from the login page.
                If it was not you, you need not do anything: your account is unchanged.
                """);
    }

    public void guardianConfirmation(String to, String childName, String token) {
        unsolicited(to, "Please confirm your child's Confidant account", """
                Hello,

                %s registered a Confidant account and named you as their parent or guardian. Because of their
                age, the account stays restricted until you agree. To agree, open this link:

                %s/api/accounts/confirm-guardian?token=%s

                If you do not agree, ignore this mail; you can also report the account from our privacy page and
                we will delete it.
                """.formatted(MailText.inline(childName), config.publicUrl(), token));
    }

    public void passwordReset(String to, String token) {
        unsolicited(to, "Reset your Confidant password", """
                Hello,

                someone asked to reset the password of the Confidant account with this address. To choose a new
                password, open this link within an hour:

                %s/api/auth/password-reset/form?token=%s

                If it was not you, ignore this mail: your password stays as it is.
                """.formatted(config.publicUrl(), token));
    }

    public void staffWelcome(String to, String role, String token) {
        send(to, "Your Confidant staff account", """
                Hello,

                an administrator created a Confidant staff account for you with the role "%s". Choose your
                password with this link:

                %s/api/auth/password-reset/form?token=%s
                """.formatted(role, config.publicUrl(), token));
    }

    public void policyChange(String to, String displayName, String version, String summary, boolean material,
                             String effectiveDate, boolean alreadyInEffect) {
        String when = alreadyInEffect ? "has changed (version %s, in effect since %s)".formatted(version, effectiveDate)
                : "changes on %s (version %s)".formatted(effectiveDate, version);
        String consequence = material
                ? "This is a material change: from that date we will ask you to confirm your consent choices again, "
                + "and until you do we treat them as refused."
                : "Your consent choices stay as they are.";
        send(to, "Our privacy policy " + (alreadyInEffect ? "has changed" : "is changing"), """
                Hello %s,

                Our privacy policy %s.

                What changes: %s

                %s

                Read the new policy: %s
                You can review or withdraw your consents at any time in your privacy settings.
                """.formatted(MailText.inline(displayName), when, summary, consequence, config.privacyPolicyUrl()));
    }

    /**
     * A mail that whoever typed {@code to} caused, not its owner signed in: at most
     * {@code unsolicited-mails-per-recipient-per-day} reach one address (counted in the database for every replica, by the address's
     * hash); the rest are skipped without a word to the requester, whose answer must not change.
     */
    private void unsolicited(String to, String subject, String text) {
        if (limiter.tryAcquire("unsolicited-mail", Secrets.hash(to), config.unsolicitedMailsPerRecipientPerDay(),
                Duration.ofDays(1))) {
            send(to, subject, text);
        } else {
            LOG.infof("Mail '%s' skipped: its recipient had enough unsolicited mails today", subject);
        }
    }

    private void send(String to, String subject, String text) {
        delivery.send(config.mailFrom(), to, subject, text);
    }
}
