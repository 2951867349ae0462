package dev.confidant.chat.service;

import dev.confidant.chat.domain.ArticleText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The default assistant: answers with the best-matching help article in the question's language, citing it (and a
 * runner-up when it is close), and says it is unsure when no article matches well enough (the conversation offers a
 * person the second time in a row).
 */
@ApplicationScoped
@Typed(KnowledgeBaseAssistant.class)
public class KnowledgeBaseAssistant implements Assistant {

    static final String UNSURE = "I'm not sure I can answer that from our help articles. Could you put it another way?";
    static final String UNSURE_ZH = "我不确定能否根据帮助文章回答这个问题。能换个说法吗？";

    private static final double RUNNER_UP_MARGIN = 0.01;

    @Inject
    KnowledgeBase knowledgeBase;

    @Override
    public Answer answer(Question question) {
        List<KnowledgeBase.Match> matches = knowledgeBase.search(question.searchText(), 3);
        boolean chinese = ArticleText.languageOf(question.text()).equals("zh");
        if (matches.isEmpty() || !matches.get(0).sure()) {
            return new Answer(chinese ? UNSURE_ZH : UNSURE, List.of(), false);
        }
        KnowledgeBase.Match best = matches.get(0);
        StringBuilder text = new StringBuilder(ArticleText.readable(best.article().body()))
                .append(chinese ? "\n\n（摘自帮助文章《" : "\n\n(From our help article “").append(best.article().title())
                .append(chinese ? "》。）" : "”.)");
        // a runner-up close to the best is offered as further reading
        List<Citation> citations = matches.stream()
                .filter(m -> m == best || m.sure() && best.score() - m.score() <= RUNNER_UP_MARGIN)
                .map(KnowledgeBaseAssistant::citation).toList();
        if (citations.size() > 1) {
            text.append(chinese ? " 另见：" : " See also: ").append(String.join(chinese ? "、" : ", ",
                    citations.subList(1, citations.size()).stream().map(Citation::title).toList()))
                    .append(chinese ? "。" : ".");
        }
        return new Answer(text.toString(), citations, true);
    }

    static Citation citation(KnowledgeBase.Match match) {
        return new Citation(match.article().slug(), match.article().lang(), match.article().title());
    }
}
