package dev.confidant.chat.api;

import dev.confidant.chat.service.KnowledgeArticles;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.CallerSubject;
import dev.confidant.platform.runtime.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

@Path("/api/articles")
@Tag(name = "Knowledge base", description = "The help articles the assistant answers from, one per slug and language")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ArticleResource {

    static final String MARKDOWN = "text/markdown";
    static final String ZIP = "application/zip";
    private static final Pattern LANG = Pattern.compile("[a-z]{2}");
    private static final int MAX_FILES = 5_000;
    private static final int MAX_FILE_BYTES = 64 * 1024;
    private static final long MAX_TOTAL_BYTES = 32L * 1024 * 1024;

    /** An article's content; {@code lang} defaults to {@code en}. */
    public record ArticleEdit(String title, String body, String lang, List<String> tags) {
    }

    @Inject
    KnowledgeArticles articles;

    @Inject
    CallerSubject caller;

    @GET
    @PermitAll
    @Operation(summary = "Every help article", description = "Public. With lang, only the articles in that language.")
    public List<Views.ArticleView> list(@QueryParam("lang") String lang) {
        return articles.all(language(lang)).stream().map(Views.ArticleView::of).toList();
    }

    @GET
    @Path("/{slug}")
    @PermitAll
    @Operation(summary = "One help article", description = "Public. In the language asked for when it exists, else "
            + "in English, else in any language it has.")
    @APIResponse(responseCode = "404", description = "No such article", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.ArticleView get(@PathParam("slug") String slug, @QueryParam("lang") String lang) {
        return articles.find(slug, language(lang)).map(Views.ArticleView::of)
                .orElseThrow(() -> ProblemException.notFound("no such article"));
    }

    @PUT
    @Path("/{slug}")
    @RolesAllowed({Roles.AGENT, Roles.DPO, Roles.ADMIN})
    @Operation(summary = "Write a help article", description = "Roles: agent, dpo, admin. Creates or replaces the "
            + "article in its language (en when none is given); the assistant answers from it at once.")
    @APIResponse(responseCode = "200", description = "Replaced")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "422", description = "Invalid fields", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response put(@PathParam("slug") String slug, @NotNull ArticleEdit edit) {
        KnowledgeArticles.Saved saved = articles.save(new KnowledgeArticles.Edit(slug, edit.lang(), edit.title(),
                edit.tags(), edit.body()), caller.id());
        return Response.status(saved.created() ? 201 : 200).entity(Views.ArticleView.of(saved.article())).build();
    }

    @POST
    @Path("/import")
    @Consumes({MARKDOWN, ZIP})
    @RolesAllowed({Roles.AGENT, Roles.DPO, Roles.ADMIN})
    @Operation(summary = "Import Markdown articles", description = "Roles: agent, dpo, admin. One Markdown file with "
            + "front matter (slug, lang, title, tags) as text/markdown, or a zip of them (*.md, folders allowed) as "
            + "application/zip. Each article is created or updated by slug and language; if any file is invalid, "
            + "nothing is imported and the problem names each file.")
    @APIResponse(responseCode = "200", description = "Imported")
    @APIResponse(responseCode = "422", description = "A file is invalid; nothing imported",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.ImportView importArticles(@jakarta.ws.rs.core.Context HttpHeaders headers, byte[] content) {
        boolean zip = headers.getMediaType() != null && headers.getMediaType().isCompatible(MediaType.valueOf(ZIP));
        List<KnowledgeArticles.NamedFile> files = zip ? unzip(content)
                : List.of(new KnowledgeArticles.NamedFile("file", new String(content, StandardCharsets.UTF_8)));
        List<KnowledgeArticles.Saved> saved = articles.importAll(files, caller.id());
        return new Views.ImportView(saved.size(),
                saved.stream().filter(KnowledgeArticles.Saved::created).map(ArticleResource::key).toList(),
                saved.stream().filter(s -> !s.created()).map(ArticleResource::key).toList());
    }

    @DELETE
    @Path("/{slug}")
    @RolesAllowed({Roles.AGENT, Roles.DPO, Roles.ADMIN})
    @Operation(summary = "Remove a help article", description = "Roles: agent, dpo, admin. With lang, only that "
            + "language's version; without, every version.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such article", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response delete(@PathParam("slug") String slug, @QueryParam("lang") String lang) {
        if (!articles.delete(slug, language(lang))) {
            throw ProblemException.notFound("no such article");
        }
        return Response.noContent().build();
    }

    private static String key(KnowledgeArticles.Saved saved) {
        return saved.article().lang + ":" + saved.article().slug;
    }

    private static Optional<String> language(String lang) {
        if (lang == null || lang.isEmpty()) {
            return Optional.empty();
        }
        if (!LANG.matcher(lang).matches()) {
            throw ProblemException.badRequest("lang must be a two-letter language code such as en or zh");
        }
        return Optional.of(lang);
    }

    /** The Markdown files of a zip, within limits that keep a crafted archive from filling memory. */
    static List<KnowledgeArticles.NamedFile> unzip(byte[] content) {
        List<KnowledgeArticles.NamedFile> files = new ArrayList<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content), StandardCharsets.UTF_8)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (entry.isDirectory() || !base.endsWith(".md") || base.startsWith(".") || name.startsWith("__MACOSX/")
                        || base.equalsIgnoreCase("README.md")) {
                    continue;
                }
                if (files.size() == MAX_FILES) {
                    throw ProblemException.invalidField("file", "holds more than " + MAX_FILES + " articles");
                }
                byte[] text = zip.readNBytes(MAX_FILE_BYTES + 1);
                if (text.length > MAX_FILE_BYTES) {
                    throw ProblemException.invalidField(base, "is larger than " + MAX_FILE_BYTES / 1024 + " KB");
                }
                total += text.length;
                if (total > MAX_TOTAL_BYTES) {
                    throw ProblemException.invalidField("file", "unpacks to more than "
                            + MAX_TOTAL_BYTES / (1024 * 1024) + " MB");
                }
                files.add(new KnowledgeArticles.NamedFile(base, new String(text, StandardCharsets.UTF_8)));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw ProblemException.invalidField("file", "is not a readable zip archive");
        }
        return files;
    }
}
