package dev.confidant.chat.service;

import dev.confidant.chat.domain.Snippet;
import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.runtime.problem.ProblemException;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** The agents' saved replies: shared by the team, combined and edited in the console before sending. */
@ApplicationScoped
public class Snippets {

    /** Most snippets the team keeps: a list to pick from, not a second knowledge base. */
    static final int MAX_SNIPPETS = 500;

    @Inject
    Clock clock;

    @Transactional
    public List<Snippet> all() {
        return Snippet.listAll(Sort.ascending("title"));
    }

    @Transactional
    public Snippet create(UUID agent, String title, String body) {
        if (Snippet.count() >= MAX_SNIPPETS) {
            throw ProblemException.conflict("the team keeps at most " + MAX_SNIPPETS + " snippets; delete one first");
        }
        Snippet snippet = new Snippet();
        snippet.id = Randomness.uuid();
        write(snippet, agent, title, body);
        snippet.persist();
        return snippet;
    }

    @Transactional
    public Snippet update(UUID agent, UUID id, String title, String body) {
        Snippet snippet = Snippet.<Snippet>findByIdOptional(id)
                .orElseThrow(() -> ProblemException.notFound("no such snippet"));
        write(snippet, agent, title, body);
        return snippet;
    }

    @Transactional
    public void delete(UUID id) {
        if (!Snippet.deleteById(id)) {
            throw ProblemException.notFound("no such snippet");
        }
    }

    private void write(Snippet snippet, UUID agent, String title, String body) {
        String cleanTitle = title == null ? "" : title.strip();
        if (cleanTitle.isEmpty() || cleanTitle.length() > Snippet.MAX_TITLE) {
            throw ProblemException.invalidField("title", "must be 1 to " + Snippet.MAX_TITLE + " characters");
        }
        if (body == null || body.isBlank() || body.length() > Snippet.MAX_BODY) {
            throw ProblemException.invalidField("body", "must be 1 to " + Snippet.MAX_BODY + " characters");
        }
        boolean taken = Snippet.count("lower(title) = ?1 and id <> ?2", cleanTitle.toLowerCase(), snippet.id) > 0;
        if (taken) {
            throw ProblemException.conflict("another snippet is called \"" + cleanTitle + "\"");
        }
        snippet.title = cleanTitle;
        snippet.body = body;
        snippet.updatedBy = agent;
        snippet.updatedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
