package dev.confidant.chat.service;

import dev.confidant.chat.config.ChatConfig;
import dev.confidant.platform.runtime.cluster.ClusterLock;
import dev.confidant.platform.runtime.problem.ProblemException;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Imports a folder of Markdown articles at start when {@code confidant.chat.assistant.import-directory} names one
 * (the devstack's sample help centre), updating by slug and language as the import API does. The folder is then the
 * whole knowledge base: articles that are not in it (the built-in seeds, say) are removed. A folder with an invalid
 * file is not imported at all (logged, naming the files), and the service starts with the articles it had.
 */
@ApplicationScoped
public class HelpCentreImport {

    private static final Logger LOG = Logger.getLogger(HelpCentreImport.class);

    @Inject
    ChatConfig config;

    @Inject
    KnowledgeArticles articles;

    @Inject
    ClusterLock lock;

    void start(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 100) StartupEvent event) {
        // replicas starting together import one after the other (each then finds the articles up to date)
        config.assistant().importDirectory().ifPresent(directory -> lock.run("help-centre-import",
                () -> importFrom(directory)));
    }

    void importFrom(Path directory) {
        if (!Files.isDirectory(directory)) {
            LOG.warnf("No help-centre folder at %s; the assistant answers from the articles it has", directory);
            return;
        }
        List<KnowledgeArticles.NamedFile> files;
        try (Stream<Path> listed = Files.list(directory)) {
            files = listed.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .filter(p -> !p.getFileName().toString().equalsIgnoreCase("README.md"))
                    .sorted().map(HelpCentreImport::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the help-centre folder cannot be read", e);
        }
        List<KnowledgeArticles.Saved> saved;
        try {
            saved = articles.importAll(files, null);
        } catch (ProblemException e) {
            // a typo in the help centre must not keep the chat down: the articles stay as they were
            LOG.errorf("The help-centre folder %s was not imported: %s", directory, e.getMessage());
            return;
        }
        long removed = articles.retainOnly(saved);
        LOG.infof("Imported %d help articles (%d new, %d others removed) from %s", saved.size(),
                saved.stream().filter(KnowledgeArticles.Saved::created).count(), removed, directory);
    }

    private static KnowledgeArticles.NamedFile read(Path file) {
        try {
            return new KnowledgeArticles.NamedFile(file.getFileName().toString(),
                    Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("a help article cannot be read", e);
        }
    }
}
