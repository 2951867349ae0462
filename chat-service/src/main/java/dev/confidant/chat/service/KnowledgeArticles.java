package dev.confidant.chat.service;

import dev.confidant.chat.domain.ArticleText;
import dev.confidant.chat.domain.KnowledgeArticle;
import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The help articles the assistant answers from, kept by staff: one per slug and language. Saving an article computes
 * its embedding there and then, so that no question waits for it.
 */
@ApplicationScoped
public class KnowledgeArticles {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern LANG = Pattern.compile("[a-z]{2}");

    /** The outcome of a write: the article, and whether it is new. */
    public record Saved(KnowledgeArticle article, boolean created) {
    }

    /** An article to write. {@code lang} null: English. */
    public record Edit(String slug, String lang, String title, List<String> tags, String body) {
    }

    @Inject
    Clock clock;

    @Inject
    Embeddings embeddings;

    @Inject
    Event<ArticleIndex.ArticlesWritten> written;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<KnowledgeArticle> all(Optional<String> lang) {
        return lang.isPresent() ? KnowledgeArticle.list("lang", Sort.ascending("slug"), lang.get())
                : KnowledgeArticle.listAll(Sort.ascending("slug", "lang"));
    }

    /** The article in the language asked for, else in English, else in any language. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<KnowledgeArticle> find(String slug, Optional<String> lang) {
        List<KnowledgeArticle> versions = KnowledgeArticle.list("slug", Sort.ascending("lang"), slug);
        return versions.stream().filter(a -> a.lang.equals(lang.orElse("en"))).findFirst()
                .or(() -> versions.stream().filter(a -> a.lang.equals("en")).findFirst())
                .or(() -> versions.stream().findFirst());
    }

    /** Validates, embeds (with no transaction open), then writes the article. */
    public Saved save(Edit edit, UUID staff) {
        List<Problem.FieldError> errors = check(edit, "");
        if (!errors.isEmpty()) {
            throw ProblemException.invalidFields(errors);
        }
        Prepared prepared = prepare(edit);
        return QuarkusTransaction.requiringNew().call(() -> write(prepared, staff));
    }

    /**
     * Saves every article or none: a file that does not parse or does not validate fails the whole import, with the
     * problem named per file. The embeddings are computed before the one transaction that writes them all, so a large
     * import holds no connection while the models work.
     */
    public List<Saved> importAll(List<NamedFile> files, UUID staff) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<Edit> edits = new ArrayList<>();
        for (NamedFile file : files) {
            try {
                ArticleText.ArticleFile parsed = ArticleText.parse(file.text());
                Edit edit = new Edit(parsed.slug(), parsed.lang(), parsed.title(), parsed.tags(), parsed.body());
                errors.addAll(check(edit, file.name() + ": "));
                edits.add(edit);
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError(file.name(), e.getMessage()));
            }
        }
        if (files.isEmpty()) {
            errors.add(new Problem.FieldError("file", "holds no Markdown article (*.md)"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalidFields(errors);
        }
        List<Prepared> prepared = edits.stream().map(this::prepare).toList();
        return QuarkusTransaction.requiringNew().call(() -> prepared.stream().map(p -> write(p, staff)).toList());
    }

    /** A file to import: its name (for errors) and its text. */
    public record NamedFile(String name, String text) {
    }

    /**
     * Removes every article not among those given ({@code lang:slug}): a help-centre folder imported at start is the
     * whole knowledge base, the built-in seed articles included. Returns how many were removed.
     */
    @Transactional
    public long retainOnly(List<Saved> kept) {
        List<UUID> ids = kept.stream().map(s -> s.article().id).toList();
        written.fire(new ArticleIndex.ArticlesWritten());
        return ids.isEmpty() ? 0 : KnowledgeArticle.delete("id not in ?1", ids);
    }

    /** Removes the article in one language, or in every language when none is given. */
    @Transactional
    public boolean delete(String slug, Optional<String> lang) {
        written.fire(new ArticleIndex.ArticlesWritten());
        return (lang.isPresent() ? KnowledgeArticle.delete("slug = ?1 and lang = ?2", slug, lang.get())
                : KnowledgeArticle.delete("slug", slug)) > 0;
    }

    private static List<Problem.FieldError> check(Edit edit, String prefix) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (edit.slug() == null || edit.slug().length() > 80 || !SLUG.matcher(edit.slug()).matches()) {
            errors.add(new Problem.FieldError(prefix + "slug",
                    "must be lower-case words joined by dashes, at most 80 characters"));
        }
        if (edit.lang() != null && !LANG.matcher(edit.lang()).matches()) {
            errors.add(new Problem.FieldError(prefix + "lang", "must be a two-letter language code such as en or zh"));
        }
        if (edit.title() == null || edit.title().isBlank() || edit.title().length() > 200) {
            errors.add(new Problem.FieldError(prefix + "title", "is required, at most 200 characters"));
        }
        if (edit.body() == null || edit.body().isBlank() || edit.body().length() > 20_000) {
            errors.add(new Problem.FieldError(prefix + "body", "is required, at most 20000 characters"));
        }
        if (edit.tags() != null && (edit.tags().size() > 20
                || edit.tags().stream().anyMatch(t -> t == null || t.isBlank() || t.length() > 40))) {
            errors.add(new Problem.FieldError(prefix + "tags", "at most 20, each 1 to 40 characters"));
        }
        return errors;
    }

    /** An article to write, in its language, with the embedding of its text (null when embeddings are off). */
    private record Prepared(Edit edit, String lang, List<String> tags, byte[] embedding, String model) {
    }

    private Prepared prepare(Edit edit) {
        String lang = edit.lang() == null ? "en" : edit.lang();
        List<String> tags = edit.tags() == null ? List.of() : edit.tags().stream().map(String::strip).toList();
        byte[] embedding = embeddings.article(lang, edit.title().strip(), tags, edit.body().strip())
                .map(Embeddings.ArticleVectors::bytes).orElse(null);
        return new Prepared(edit, lang, tags, embedding, embedding == null ? null : embeddings.model(lang).orElseThrow());
    }

    private Saved write(Prepared prepared, UUID staff) {
        Edit edit = prepared.edit();
        KnowledgeArticle article = KnowledgeArticle.find("slug = ?1 and lang = ?2", edit.slug(), prepared.lang())
                .firstResult();
        boolean created = article == null;
        if (created) {
            article = new KnowledgeArticle();
            article.id = Randomness.uuid();
            article.slug = edit.slug();
            article.lang = prepared.lang();
        }
        article.title = edit.title().strip();
        article.body = edit.body().strip();
        article.tags = prepared.tags();
        article.searchTitle = ArticleText.searchable(article.title + " " + String.join(" ", article.tags));
        article.searchBody = ArticleText.searchable(ArticleText.plain(article.body));
        article.embedding = prepared.embedding();
        article.embeddingModel = prepared.model();
        article.updatedAt = clock.instant();
        article.updatedBy = staff;
        article.persist();
        written.fire(new ArticleIndex.ArticlesWritten());
        return new Saved(article, created);
    }
}
