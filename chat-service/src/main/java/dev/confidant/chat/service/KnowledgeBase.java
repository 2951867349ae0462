package dev.confidant.chat.service;

import dev.confidant.chat.domain.KnowledgeArticle;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Full-text search over the help articles (PostgreSQL {@code tsvector}, English), best match first. */
@ApplicationScoped
public class KnowledgeBase {

    /** An article with its rank for a query. */
    public record Match(KnowledgeArticle article, double rank) {
    }

    // any word of the question may match (plainto_tsquery would require all of them); ts_rank_cd normalised by length
    private static final String SEARCH = "SELECT id, slug, title, body, ts_rank_cd(search, q, 1) AS rank "
            + "FROM kb_article, (SELECT replace(plainto_tsquery('english', ?)::text, '&', '|')::tsquery AS q) query "
            + "WHERE q IS NOT NULL AND search @@ q ORDER BY rank DESC, slug LIMIT ?";

    @Inject
    AgroalDataSource dataSource;

    public List<Match> search(String text, int limit) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(SEARCH)) {
            statement.setString(1, text);
            statement.setInt(2, limit);
            List<Match> matches = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    KnowledgeArticle article = new KnowledgeArticle();
                    article.id = rs.getObject("id", UUID.class);
                    article.slug = rs.getString("slug");
                    article.title = rs.getString("title");
                    article.body = rs.getString("body");
                    matches.add(new Match(article, rs.getDouble("rank")));
                }
            }
            return matches;
        } catch (SQLException e) {
            throw new IllegalStateException("knowledge-base search failed (SQL state " + e.getSQLState() + ")", e);
        }
    }
}
