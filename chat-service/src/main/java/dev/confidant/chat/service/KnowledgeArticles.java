package dev.confidant.chat.service;

import dev.confidant.chat.domain.KnowledgeArticle;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** The help articles the assistant answers from, kept by staff. */
@ApplicationScoped
public class KnowledgeArticles {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /** The outcome of a write: the article, and whether it is new. */
    public record Saved(KnowledgeArticle article, boolean created) {
    }

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<KnowledgeArticle> all() {
        return KnowledgeArticle.listAll(Sort.ascending("slug"));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<KnowledgeArticle> find(String slug) {
        return KnowledgeArticle.find("slug", slug).firstResultOptional();
    }

    @Transactional
    public Saved save(String slug, String title, String body, UUID staff) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (slug == null || slug.length() > 80 || !SLUG.matcher(slug).matches()) {
            errors.add(new Problem.FieldError("slug", "must be lower-case words joined by dashes, at most 80 characters"));
        }
        if (title == null || title.isBlank() || title.length() > 200) {
            errors.add(new Problem.FieldError("title", "is required, at most 200 characters"));
        }
        if (body == null || body.isBlank() || body.length() > 20_000) {
            errors.add(new Problem.FieldError("body", "is required, at most 20000 characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalidFields(errors);
        }
        KnowledgeArticle article = KnowledgeArticle.find("slug", slug).firstResult();
        boolean created = article == null;
        if (created) {
            article = new KnowledgeArticle();
            article.id = UUID.randomUUID();
            article.slug = slug;
        }
        article.title = title.strip();
        article.body = body.strip();
        article.updatedAt = clock.instant();
        article.updatedBy = staff;
        article.persist();
        return new Saved(article, created);
    }

    @Transactional
    public boolean delete(String slug) {
        return KnowledgeArticle.delete("slug", slug) > 0;
    }
}
