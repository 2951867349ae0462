package dev.confidant.chat.service;

import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.domain.ArticleText;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Hybrid search over the help articles: the question's dense embedding against each article's (cosine), plus a small
 * weight of PostgreSQL full-text rank; full-text alone when embeddings are off. A question is answered from articles
 * in its own language (Chinese when it has Chinese characters, else English), or from English ones when there are none
 * in its language. Each match says whether it is strong enough to answer from ({@link Match#sure}).
 */
@ApplicationScoped
public class KnowledgeBase {

    /**
     * An article with its scores for a question.
     *
     * @param score  what ranks it: the dense similarity plus the weighted full-text rank, or the full-text rank alone
     * @param sure   whether the score clears the calibrated threshold of the question's language
     */
    public record Match(ArticleIndex.Indexed article, double score, double dense, double lexical, boolean sure) {
    }

    // any word of the question may match (plainto_tsquery would require all of them); rank normalised to 0–1
    private static final String LEXICAL = "SELECT id, ts_rank(search, q, 32) AS rank "
            + "FROM kb_article, (SELECT replace(plainto_tsquery(CAST(? AS regconfig), ?)::text, '&', '|')::tsquery AS q) "
            + "query WHERE q IS NOT NULL AND lang = ? AND search @@ q";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ArticleIndex index;

    @Inject
    Embeddings embeddings;

    @Inject
    ChatConfig config;

    /** The best {@code limit} articles for the question, best first; empty when none is related at all. */
    public List<Match> search(String text, int limit) {
        String lang = ArticleText.languageOf(text);
        List<ArticleIndex.Indexed> candidates = index.articles(lang);
        if (candidates.isEmpty() && !lang.equals("en")) {
            lang = "en";
            candidates = index.articles(lang);
        }
        Map<UUID, Double> lexical = lexical(text, lang);
        String questionLang = ArticleText.languageOf(text);
        Optional<float[]> question = questionLang.equals(lang) ? embeddings.question(lang, text) : Optional.empty();
        double weight = config.assistant().lexicalWeight();
        double threshold = question.isPresent() ? config.assistant().minimumSimilarity().of(lang)
                : config.assistant().minimumRank();
        List<Match> matches = new ArrayList<>();
        for (ArticleIndex.Indexed article : candidates) {
            double lex = lexical.getOrDefault(article.id(), 0.0);
            if (question.isPresent() && article.vector() != null) {
                double dense = Embeddings.similarity(question.get(), article.vector());
                double score = dense + weight * lex;
                matches.add(new Match(article, score, dense, lex, score >= threshold));
            } else if (question.isEmpty() && lex > 0) {
                matches.add(new Match(article, lex, 0, lex, lex >= threshold));
            }
        }
        matches.sort(Comparator.comparingDouble(Match::score).reversed()
                .thenComparing(m -> m.article().slug()));
        return matches.size() > limit ? List.copyOf(matches.subList(0, limit)) : matches;
    }

    private Map<UUID, Double> lexical(String text, String lang) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(LEXICAL)) {
            statement.setString(1, lang.equals("en") ? "english" : "simple");
            statement.setString(2, ArticleText.searchable(text));
            statement.setString(3, lang);
            Map<UUID, Double> ranks = new HashMap<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ranks.put(rs.getObject("id", UUID.class), rs.getDouble("rank"));
                }
            }
            return ranks;
        } catch (SQLException e) {
            throw new IllegalStateException("knowledge-base search failed (SQL state " + e.getSQLState() + ")", e);
        }
    }
}
