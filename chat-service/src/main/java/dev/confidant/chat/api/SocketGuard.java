package dev.confidant.chat.api;

import dev.confidant.chat.config.ChatConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every second, closes the live connections whose token has expired or been revoked (1008), and those from which
 * nothing has come for the idle timeout (1001).
 */
@ApplicationScoped
public class SocketGuard {

    @Inject
    SocketTokens tokens;

    @Inject
    ChatConfig config;

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void recheck() {
        ConversationSocket.recheck(tokens);
        AgentSocket.recheck(tokens);
        ConversationSocket.closeIdle(config.socket().idleTimeout());
    }
}
