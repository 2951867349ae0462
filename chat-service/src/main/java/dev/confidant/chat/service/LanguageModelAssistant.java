package dev.confidant.chat.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.domain.PiiRedactor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An assistant backed by an OpenAI-compatible chat-completions API, given the best help articles as context. The
 * person's text is redacted before it leaves ({@link PiiRedactor}). When the provider fails or is too slow, after the
 * configured retries, the knowledge-base answer is given instead: the person always gets an answer.
 */
@ApplicationScoped
@Typed(LanguageModelAssistant.class)
public class LanguageModelAssistant implements Assistant {

    private static final Logger LOG = Logger.getLogger(LanguageModelAssistant.class);
    static final String INSTRUCTIONS = "You are the customer-service assistant of Confidant. Answer briefly and only "
            + "from the help articles below. If they do not answer the question, say you are not sure and offer a "
            + "human agent. Never ask for personal data.";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    ChatConfig config;

    @Inject
    KnowledgeBase knowledgeBase;

    @Inject
    KnowledgeBaseAssistant fallback;

    @Inject
    ObjectMapper json;

    @Override
    public Answer answer(Question question) {
        List<KnowledgeBase.Match> context = knowledgeBase.search(question.text(), 3).stream()
                .filter(KnowledgeBase.Match::sure).toList();
        String body = request(PiiRedactor.redact(question.text()), context);
        for (int attempt = 0; attempt <= config.llm().retries(); attempt++) {
            try {
                String text = call(body);
                List<Citation> citations = context.stream()
                        .map(KnowledgeBaseAssistant::citation).toList();
                return new Answer(text, citations, !context.isEmpty(), context.isEmpty());
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Language model call %d failed (%s)", attempt + 1, e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return fallback.answer(question);
    }

    private String call(String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/chat/completions"))
                .timeout(config.llm().timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        config.llm().apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("provider answered " + response.statusCode());
        }
        JsonNode content = json.readTree(response.body()).path("choices").path(0).path("message").path("content");
        if (!content.isTextual() || content.asText().isBlank()) {
            throw new IOException("provider answered without content");
        }
        return content.asText().strip();
    }

    private String request(String redactedQuestion, List<KnowledgeBase.Match> context) {
        StringBuilder system = new StringBuilder(INSTRUCTIONS).append("\n\nHelp articles:");
        for (KnowledgeBase.Match match : context) {
            system.append("\n\n# ").append(match.article().title()).append("\n").append(match.article().body());
        }
        if (context.isEmpty()) {
            system.append("\n\n(none match this question)");
        }
        ObjectNode root = json.createObjectNode();
        root.put("model", config.llm().model());
        root.put("temperature", 0.2);
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", system.toString());
        messages.addObject().put("role", "user").put("content", redactedQuestion);
        return root.toString();
    }

    private String baseUrl() {
        return config.llm().baseUrl().orElseThrow().replaceAll("/+$", "");
    }
}
