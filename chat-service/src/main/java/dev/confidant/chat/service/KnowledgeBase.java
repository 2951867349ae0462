package dev.confidant.chat.service;

import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.domain.ArticleText;
import dev.confidant.chat.domain.OtherProducts;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Hybrid search over the help articles: the question's dense embedding against each article's (cosine by each model
 * of the language, the models fused by their spread; for the 20 closest, blended with that of the article's closest
 * sentence), plus a small weight of PostgreSQL full-text rank over that shortlist; full-text alone when embeddings are
 * off. A question is answered from articles in its own language (Chinese when it has Chinese characters, else
 * English), or from English ones when there are none in its language. Each match says whether it is strong enough to
 * answer from ({@link Match#sure}): the models' mean similarity plus the weighted full-text rank clears the threshold
 * of the question's language, and it mentions every other company's product the question names
 * ({@link OtherProducts}).
 */
@ApplicationScoped
public class KnowledgeBase {

    /**
     * An article with its scores for a question.
     *
     * @param score   what ranks it: the models' similarities fused by their spread ({@link Fusion}) plus the weighted
     *                full-text rank, or the full-text rank alone
     * @param dense   the models' mean similarity (0 without embeddings)
     * @param lexical the full-text rank, 0 to 1
     * @param sure    whether the mean similarity plus the weighted full-text rank (or the full-text rank alone)
     *                clears the calibrated threshold of the question's language, and the article mentions each other
     *                company's product the question names
     */
    public record Match(ArticleIndex.Indexed article, double score, double dense, double lexical, boolean sure) {
    }

    // any word of the question may match (plainto_tsquery would require all of them); rank normalised to 0–1
    private static final String LEXICAL = "SELECT id, ts_rank(search, q, 32) AS rank "
            + "FROM kb_article, "
            + "(SELECT replace(plainto_tsquery(CAST(? AS regconfig), ?)::text, '&', '|')::tsquery AS q) query WHERE q IS NOT NULL AND lang = ? AND search @@ q";
    /** With embeddings, full-text rank is computed for the dense shortlist only: ranking every match costs more. */
    private static final String SHORTLIST = " AND id = ANY(?)";
    private static final String BEST_FIRST = " ORDER BY rank DESC LIMIT ?";
    private static final int SHORTLIST_SIZE = 20;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ArticleIndex index;

    @Inject
    Embeddings embeddings;

    @Inject
    ChatConfig config;

    @Inject
    MeterRegistry registry;

    private OtherProducts otherProducts;
    private Timer retrieval;

    @PostConstruct
    void prepare() {
        retrieval = Timer.builder("confidant.chat.assistant.retrieval")
                .description("One search of the help articles (a visitor's question, an agent's suggestions): "
                        + "the embedding, the ranking and the full-text query").publishPercentileHistogram().register(registry);
        ChatConfig.OtherProductNames names = config.assistant().otherProducts();
        List<String> more = names.names().orElse(List.of());
        otherProducts = names.builtIn() ? OtherProducts.builtInAnd(more) : OtherProducts.of(more);
    }

    /** The best {@code limit} articles for the question, best first; empty when none is related at all. */
    public List<Match> search(String text, int limit) {
        long started = System.nanoTime();
        try {
            return ranked(text, limit);
        } finally {
            retrieval.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private List<Match> ranked(String text, int limit) {
        String questionLang = ArticleText.languageOf(text);
        String lang = questionLang;
        List<ArticleIndex.Indexed> candidates = index.articles(lang);
        if (candidates.isEmpty() && !lang.equals("en")) {
            lang = "en";
            candidates = index.articles(lang);
        }
        Optional<float[]> question = questionLang.equals(lang) ? embeddings.question(lang, text) : Optional.empty();
        List<Match> matches = question.isPresent() ? hybrid(text, lang, question.get(), candidates)
                : lexicalOnly(text, lang, candidates, limit);
        matches.sort(Comparator.comparingDouble(Match::score).reversed().thenComparing(m -> m.article().slug()));
        List<Match> best = matches.size() > limit ? matches.subList(0, limit) : matches;
        List<String> named = otherProducts.named(text);
        return named.isEmpty() ? List.copyOf(best) : best.stream().map(m -> m.sure()
                && !otherProducts.mentionsAll(m.article().title() + "\n" + m.article().body(), named)
                ? new Match(m.article(), m.score(), m.dense(), m.lexical(), false) : m).toList();
    }

    /**
     * Dense similarity over every article of the language, plus the weighted full-text rank of the best of them.
     * Where a language has several models, their similarities are fused by their spread ({@link Fusion}); whether the
     * best is sure enough to answer from is judged on the plain mean, which means the same for every question.
     */
    private List<Match> hybrid(String text, String lang, float[] question, List<ArticleIndex.Indexed> candidates) {
        int models = embeddings.models(lang);
        List<ArticleIndex.Indexed> embedded = new ArrayList<>(candidates.size());
        List<double[]> wholes = new ArrayList<>(candidates.size());
        for (ArticleIndex.Indexed article : candidates) {
            if (article.vectors() != null) {
                embedded.add(article);
                wholes.add(Embeddings.similarities(question, article.vectors().whole(), models));
            }
        }
        Fusion fusion = Fusion.of(wholes, models);
        List<Match> dense = new ArrayList<>(embedded.size());
        for (int i = 0; i < embedded.size(); i++) {
            double[] each = wholes.get(i);
            dense.add(new Match(embedded.get(i), fusion.score(each), Fusion.mean(each), 0, false));
        }
        dense.sort(Comparator.comparingDouble(Match::score).reversed());
        double sentenceWeight = config.assistant().sentenceWeight();
        List<Match> shortlist = dense.subList(0, Math.min(SHORTLIST_SIZE, dense.size())).stream()
                .map(m -> {
                    double[] each = m.article().vectors().similarities(question, models, sentenceWeight);
                    return new Match(m.article(), fusion.score(each), Fusion.mean(each), 0, false);
                }).toList();
        Map<UUID, Double> lexical = lexical(text, lang,
                shortlist.stream().map(m -> m.article().id()).toArray(UUID[]::new), SHORTLIST_SIZE);
        double weight = config.assistant().lexicalWeight();
        double threshold = config.assistant().minimumSimilarity().of(lang);
        List<Match> matches = new ArrayList<>();
        for (Match m : shortlist) {
            double lex = lexical.getOrDefault(m.article().id(), 0.0);
            matches.add(new Match(m.article(), m.score() + weight * lex, m.dense(), lex,
                    m.dense() + weight * lex >= threshold));
        }
        return matches;
    }

    /**
     * How the similarities of a language's models are fused for one question: each model's similarity is measured
     * from its mean over the language's articles in units of its standard deviation there (a z-score), and the mean
     * of those is mapped back onto cosines by the models' mean average and mean deviation. E5's cosines crowd between
     * 0.7 and 0.9 where MiniLM's spread from 0 to 0.7: a plain mean lets the model with the wider spread decide alone,
     * while this counts each model's preference by how far it stands out among the articles, and keeps the score, and
     * the differences between articles, in the units of a cosine. With one model, or none that spreads, it is the
     * plain mean.
     */
    record Fusion(double[] means, double[] weights) {

        /** The fusion for a question, from its similarities by each model to every article of the language. */
        static Fusion of(List<double[]> similarities, int models) {
            double[] means = new double[models];
            double[] weights = new double[models];
            Arrays.fill(weights, 1);
            if (models == 1 || similarities.size() < 2) {
                return new Fusion(means, weights);
            }
            double[] deviations = new double[models];
            double meanDeviation = 0;
            for (int m = 0; m < models; m++) {
                double sum = 0;
                double squares = 0;
                for (double[] each : similarities) {
                    sum += each[m];
                    squares += each[m] * each[m];
                }
                means[m] = sum / similarities.size();
                deviations[m] = Math.sqrt(Math.max(0, squares / similarities.size() - means[m] * means[m]));
                meanDeviation += deviations[m] / models;
            }
            for (int m = 0; m < models; m++) {
                if (deviations[m] > 0) {
                    weights[m] = meanDeviation / deviations[m];
                }
            }
            return new Fusion(means, weights);
        }

        /** The fused score of an article, from its similarity by each model. */
        double score(double[] similarities) {
            double sum = 0;
            for (int m = 0; m < similarities.length; m++) {
                sum += means[m] + weights[m] * (similarities[m] - means[m]);
            }
            return sum / similarities.length;
        }

        static double mean(double[] similarities) {
            double sum = 0;
            for (double similarity : similarities) {
                sum += similarity;
            }
            return sum / similarities.length;
        }
    }

    /** Full-text rank alone, when embeddings are off (or the question's language has no model). */
    private List<Match> lexicalOnly(String text, String lang, List<ArticleIndex.Indexed> candidates, int limit) {
        Map<UUID, Double> lexical = lexical(text, lang, null, limit);
        double threshold = config.assistant().minimumRank();
        List<Match> matches = new ArrayList<>();
        for (ArticleIndex.Indexed article : candidates) {
            Double lex = lexical.get(article.id());
            if (lex != null) {
                matches.add(new Match(article, lex, 0, lex, lex >= threshold));
            }
        }
        return matches;
    }

    private Map<UUID, Double> lexical(String text, String lang, UUID[] among, int limit) {
        String sql = LEXICAL + (among == null ? "" : SHORTLIST) + BEST_FIRST;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            statement.setString(i++, lang.equals("en") ? "english" : "simple");
            statement.setString(i++, ArticleText.searchable(text));
            statement.setString(i++, lang);
            if (among != null) {
                statement.setArray(i++, connection.createArrayOf("uuid", among));
            }
            statement.setInt(i, limit);
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
