package dev.confidant.chat;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server speaking the OpenAI chat-completions protocol (POST /v1/chat/completions), standing in for an
 * external provider. Tests switch how it behaves and read the requests it received.
 */
public class FakeLanguageModel implements QuarkusTestResourceLifecycleManager {

    enum Behaviour { ANSWER, FAIL, SLOW }

    static final String PROVIDER = "dev.confidant.chat.service.LanguageModelProvider/complete";

    static volatile Behaviour behaviour = Behaviour.ANSWER;
    static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/chat/completions", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            REQUESTS.add(request);
            AUTHORIZATIONS.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            Behaviour now = behaviour;
            if (now == Behaviour.SLOW) {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body;
            int status;
            if (now == Behaviour.FAIL) {
                status = 500;
                body = "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                body = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"test-model\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                        + "\"Open your account settings and choose Delete account (from the model).\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":9,"
                        + "\"total_tokens\":19}}").getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            try {
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (IOException e) {
                // the client gave up waiting (the timeout case)
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return Map.of("confidant.chat.llm.base-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "confidant.chat.llm.api-key", "test-provider-key",
                "confidant.chat.llm.model", "test-model",
                // the guards, set as a deployment would: 1 s calls, the circuit open for 2 s
                "confidant.chat.llm.timeout-millis", "1000",
                "quarkus.fault-tolerance.\"" + PROVIDER + "\".circuit-breaker.delay", "2");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
