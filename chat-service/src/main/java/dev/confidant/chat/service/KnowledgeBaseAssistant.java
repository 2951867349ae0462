package dev.confidant.chat.service;

import dev.confidant.chat.config.ChatConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The default assistant: answers with the best-matching help article, citing it (and a runner-up when it is close),
 * and says it is unsure, offering a human agent, when no article matches well enough.
 */
@ApplicationScoped
@Typed(KnowledgeBaseAssistant.class)
public class KnowledgeBaseAssistant implements Assistant {

    static final String UNSURE = "I'm not sure I can answer that from our help articles. Would you like me to connect "
            + "you with a human agent?";

    @Inject
    KnowledgeBase knowledgeBase;

    @Inject
    ChatConfig config;

    @Override
    public Answer answer(Question question) {
        List<KnowledgeBase.Match> matches = knowledgeBase.search(question.text(), 3);
        if (matches.isEmpty() || matches.get(0).rank() < config.assistant().minimumRank()) {
            return new Answer(UNSURE, List.of(), false, true);
        }
        KnowledgeBase.Match best = matches.get(0);
        StringBuilder text = new StringBuilder().append(best.article().body).append("\n\n(From our help article “")
                .append(best.article().title).append("”.)");
        List<Citation> citations = matches.stream()
                .filter(m -> m == best || m.rank() >= best.rank() * 0.8)
                .map(KnowledgeBaseAssistant::citation).toList();
        if (citations.size() > 1) {
            text.append(" See also: ").append(String.join(", ", citations.subList(1, citations.size()).stream()
                    .map(Citation::title).toList())).append('.');
        }
        return new Answer(text.toString(), citations, true, false);
    }

    private static Citation citation(KnowledgeBase.Match match) {
        return new Citation(match.article().slug, match.article().title);
    }
}
