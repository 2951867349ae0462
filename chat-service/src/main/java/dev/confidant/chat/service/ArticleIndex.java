package dev.confidant.chat.service;

import dev.confidant.platform.runtime.cluster.ClusterSignals;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * The help articles in memory with their embeddings, per language, for ranking a question without reading every
 * article from the database. The database announces every change of the articles' content on the cluster-signal
 * channel (a trigger, so changes made in SQL count too), and a write through this replica marks them changed as it
 * commits; the next question then compares the articles' version (their count and latest revision) and re-reads them
 * if it moved. While this replica is not listening for signals, every question compares the version, as a question
 * must never be answered from articles that changed minutes ago. Articles whose embedding is missing or was made by
 * another model (saved while embeddings were off, or after a model change) are embedded when the index loads, in the
 * background at start.
 */
@ApplicationScoped
public class ArticleIndex {

    private static final Logger LOG = Logger.getLogger(ArticleIndex.class);

    /** The signal the database sends when articles change (migration V13). */
    static final String CHANGED = "articles-changed";

    /** Fired inside a transaction that writes articles; the index hears of it when that transaction commits. */
    public record ArticlesWritten() {
    }

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

    @Inject
    ClusterSignals signals;

    private volatile Snapshot snapshot;
    /** How many changes were announced; and how many had been when the snapshot's version was last compared. */
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong compared = new AtomicLong(-1);

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

    void onSignal(@Observes ClusterSignals.Signal signal) {
        if (signal.kind().equals(CHANGED)) {
            changes.incrementAndGet();
        }
    }

    /** Signals may have been missed while the listening connection was down. */
    void onResumed(@Observes ClusterSignals.Resumed resumed) {
        changes.incrementAndGet();
    }

    void onWritten(@Observes(during = TransactionPhase.AFTER_SUCCESS) ArticlesWritten written) {
        changes.incrementAndGet();
    }

    /** The articles in a language, as they are now. */
    public List<Indexed> articles(String lang) {
        return current().byLanguage().getOrDefault(lang, List.of());
    }

    private Snapshot current() {
        Snapshot known = snapshot;
        // read before the version: a change announced from now on is compared on the next question
        long announced = changes.get();
        if (known != null && compared.get() == announced && signals.listening()) {
            return known;
        }
        try (Connection connection = dataSource.getConnection()) {
            String version = version(connection);
            known = snapshot;
            if (known == null || !known.version().equals(version)) {
                synchronized (this) {
                    if (snapshot == null || !snapshot.version().equals(version)) {
                        snapshot = load(connection, version);
                    }
                    known = snapshot;
                }
            }
            compared.accumulateAndGet(announced, Math::max);
            return known;
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
