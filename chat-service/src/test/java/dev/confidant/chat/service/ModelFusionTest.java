package dev.confidant.chat.service;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How English's two models are told apart in one joined vector and fused in the ranking: each model's cosine comes
 * from its own part, and a model whose similarities crowd together counts as much as one whose similarities spread.
 */
class ModelFusionTest {

    @Test
    void eachModelsCosineComesFromItsOwnPartOfTheJoinedVectors() {
        float[] question = Embeddings.joined(new float[] {1, 0}, new float[] {0.6f, 0.8f});
        float[] article = Embeddings.joined(new float[] {0.6f, 0.8f}, new float[] {0.6f, 0.8f});

        double[] cosines = Embeddings.similarities(question, article, 2);

        assertArrayEquals(new double[] {0.6, 1.0}, cosines, 1e-6);
        assertEquals(0.8, Embeddings.similarities(question, article, 1)[0], 1e-6, "one model: the plain mean");
    }

    @Test
    void theBlendTakesEachModelsOwnClosestSentence() {
        float[] question = Embeddings.joined(new float[] {1, 0}, new float[] {1, 0});
        Embeddings.ArticleVectors article = new Embeddings.ArticleVectors(
                Embeddings.joined(new float[] {0, 1}, new float[] {0, 1}),
                new float[][] {Embeddings.joined(new float[] {1, 0}, new float[] {0, 1}),
                        Embeddings.joined(new float[] {0, 1}, new float[] {1, 0})});

        double[] blended = article.similarities(question, 2, 0.2);

        // whole article 0 by both; each model finds its own sentence at 1
        assertArrayEquals(new double[] {0.2, 0.2}, blended, 1e-6);
    }

    @Test
    void aModelWhoseSimilaritiesCrowdTogetherCountsAsMuchAsOneWhoseSpread() {
        // three articles; the first model's similarities spread over 0.2–0.66, the second's crowd in 0.80–0.84
        double[] first = {0.66, 0.80};
        double[] second = {0.58, 0.84};
        double[] third = {0.20, 0.82};

        KnowledgeBase.Fusion fusion = KnowledgeBase.Fusion.of(List.of(first, second, third), 2);

        // the plain mean puts the first article ahead (0.73 against 0.71), on the first model's word alone
        assertTrue(KnowledgeBase.Fusion.mean(first) > KnowledgeBase.Fusion.mean(second));
        // fused, the second model's clear preference counts as much: it stands out by as many of its spreads
        assertTrue(fusion.score(second) > fusion.score(first),
                "fused: " + fusion.score(first) + " vs " + fusion.score(second));
        assertTrue(fusion.score(third) < fusion.score(first), "last by both models, last fused");
        // still in the units of a cosine: between the models' lowest and highest similarity
        for (double[] article : List.of(first, second, third)) {
            double score = fusion.score(article);
            assertTrue(score > 0.2 && score < 0.9, "score " + score);
        }
    }

    @Test
    void oneModelOrNoSpreadLeavesThePlainMean() {
        KnowledgeBase.Fusion one = KnowledgeBase.Fusion.of(List.of(new double[] {0.3}, new double[] {0.9}), 1);
        assertEquals(0.9, one.score(new double[] {0.9}), 1e-9);
        KnowledgeBase.Fusion flat = KnowledgeBase.Fusion.of(
                List.of(new double[] {0.5, 0.5}, new double[] {0.5, 0.5}), 2);
        assertEquals(0.6, flat.score(new double[] {0.4, 0.8}), 1e-9);
        KnowledgeBase.Fusion single = KnowledgeBase.Fusion.of(List.of(new double[] {0.4, 0.9}), 2);
        assertEquals(0.65, single.score(new double[] {0.4, 0.9}), 1e-9, "a single article has no spread to compare");
    }
}
