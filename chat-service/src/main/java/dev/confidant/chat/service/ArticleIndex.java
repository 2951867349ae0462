package dev.confidant.chat.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The help articles in memory with their embeddings, per language, for ranking a question without reading every
 * article from the database. Each search first asks the database for the articles' version (their count and latest
 * revision, one indexed query), so an article saved through any replica is answered from at once. Articles whose
 * embedding is missing or was made by another model (saved while embeddings were off, or after a model change) are
 * embedded when the index loads, in the background at start.
 */
@ApplicationScoped
public class ArticleIndex {

    private static final Logger LOG = Logger.getLogger(ArticleIndex.class);

    /** An article as the assistant ranks and quotes it. {@code vectors} is null without embeddings. */
    public record Indexed(UUID id, String slug, String lang, String title, String body,
                          Embeddings.ArticleVectors vectors) {
    }

    private record Snapshot(String version, Map<String, List<Indexed>> byLanguage) {
    }

    private static final String VERSION = "SELECT count(*) || '/' || coalesce(max(revision), 0) FROM kb_article";
    private static final String ALL = "SELECT id, slug, lang, title, body, tags, embedding, embedding_model, revision "
            + "FROM kb_article ORDER BY slug, lang";
    private static final String EMBEDDED = "UPDATE kb_article SET embedding = ?, embedding_model = ? "
            + "WHERE id = ? AND revision = ?";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Embeddings embeddings;

    private volatile Snapshot snapshot;

    void start(@Observes StartupEvent event) {
        Thread loader = new Thread(() -> {
            try {
                articles("en");
            } catch (RuntimeException e) {
                LOG.warnf("The article index did not load at start (%s); the first question loads it",
                        e.getClass().getSimpleName());
            }
        }, "article-index");
        loader.setDaemon(true);
        loader.start();
    }

    /** The articles in a language, as they are now. */
    public List<Indexed> articles(String lang) {
        return current().byLanguage().getOrDefault(lang, List.of());
    }

    private Snapshot current() {
        try (Connection connection = dataSource.getConnection()) {
            String version = version(connection);
            Snapshot known = snapshot;
            if (known != null && known.version().equals(version)) {
                return known;
            }
            synchronized (this) {
                if (snapshot == null || !snapshot.version().equals(version)) {
                    snapshot = load(connection, version);
                }
                return snapshot;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the article index cannot be read (SQL state " + e.getSQLState() + ")", e);
        }
    }

    private static String version(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(VERSION);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private Snapshot load(Connection connection, String version) throws SQLException {
        Map<String, List<Indexed>> byLanguage = new HashMap<>();
        int embedded = 0;
        try (PreparedStatement statement = connection.prepareStatement(ALL);
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                UUID id = rs.getObject("id", UUID.class);
                String lang = rs.getString("lang");
                String title = rs.getString("title");
                String body = rs.getString("body");
                byte[] stored = rs.getBytes("embedding");
                Optional<String> model = embeddings.model(lang);
                Embeddings.ArticleVectors vectors = null;
                if (model.isPresent() && stored != null && model.get().equals(rs.getString("embedding_model"))) {
                    vectors = Embeddings.ArticleVectors.of(stored, embeddings.dimension(lang).orElseThrow());
                } else if (model.isPresent()) {
                    Array tags = rs.getArray("tags");
                    vectors = embeddings.article(lang, title, Arrays.asList((String[]) tags.getArray()), body)
                            .orElse(null);
                    if (vectors != null) {
                        store(connection, id, vectors, model.get(), rs.getLong("revision"));
                        embedded++;
                    }
                }
                byLanguage.computeIfAbsent(lang, l -> new ArrayList<>())
                        .add(new Indexed(id, rs.getString("slug"), lang, title, body, vectors));
            }
        }
        if (embedded > 0) {
            LOG.infof("Embedded %d help articles that had no current embedding", embedded);
        }
        byLanguage.replaceAll((lang, list) -> List.copyOf(list));
        return new Snapshot(version, Map.copyOf(byLanguage));
    }

    private static void store(Connection connection, UUID id, Embeddings.ArticleVectors vectors, String model,
                              long revision) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(EMBEDDED)) {
            update.setBytes(1, vectors.bytes());
            update.setString(2, model);
            update.setObject(3, id);
            update.setLong(4, revision);
            update.executeUpdate();
        }
    }
}
