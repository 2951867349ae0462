package dev.confidant.chat.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.domain.PiiRedactor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * An assistant backed by an OpenAI-compatible chat-completions API, given the articles retrieval is sure of as context.
 * The person's text is redacted before it leaves ({@link PiiRedactor}). The call is guarded by timeouts, a retry and a
 * circuit breaker ({@link LanguageModelProvider}); when no completion comes, the knowledge-base answer is given
 * instead: the person always gets an answer. The answer cites only the retrieved articles.
 */
@ApplicationScoped
@Typed(LanguageModelAssistant.class)
public class LanguageModelAssistant implements Assistant {

    static final String INSTRUCTIONS = "You are the customer-service assistant of Confidant. Answer briefly and only "
            + "from the help articles below, in the language of the question. If they do not answer the question, say "
            + "you are not sure and offer a human agent. Never ask for personal data.";

    @Inject
    ChatConfig config;

    @Inject
    KnowledgeBase knowledgeBase;

    @Inject
    KnowledgeBaseAssistant fallback;

    @Inject
    LanguageModelProvider provider;

    @Inject
    ObjectMapper json;

    @Override
    public Answer answer(Question question) {
        List<KnowledgeBase.Match> context = knowledgeBase.search(question.searchText(), 3).stream()
                .filter(KnowledgeBase.Match::sure).toList();
        Optional<String> text = provider.complete(request(PiiRedactor.redact(question.text()), context));
        if (text.isEmpty()) {
            return fallback.answer(question);
        }
        List<Citation> citations = context.stream().map(KnowledgeBaseAssistant::citation).toList();
        return new Answer(text.get(), citations, !context.isEmpty());
    }

    private ObjectNode request(String redactedQuestion, List<KnowledgeBase.Match> context) {
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
        return root;
    }
}
