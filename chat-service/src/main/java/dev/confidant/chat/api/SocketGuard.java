package dev.confidant.chat.api;

import dev.confidant.platform.runtime.security.TokenRevocations;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Every second, closes the live connections whose token has expired or been revoked (1008). */
@ApplicationScoped
public class SocketGuard {

    @Inject
    TokenRevocations revocations;

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recheck() {
        ConversationSocket.recheck(revocations);
    }
}
