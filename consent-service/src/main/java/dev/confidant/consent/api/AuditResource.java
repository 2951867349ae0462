package dev.confidant.consent.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confidant.consent.domain.ConsentMethod;
import dev.confidant.consent.service.ConsentAudit;
import dev.confidant.consent.service.LedgerCsv;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.signing.JwsKeySet;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

@Path("/api/audit")
@Tag(name = "Audit", description = "Read-only consent evidence for auditors; every query is itself recorded")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AUDITOR, Roles.DPO})
public class AuditResource {

    @Inject
    ConsentAudit audit;

    @Inject
    ObjectMapper json;

    @Inject
    JwsKeySet receiptKeys;

    @Inject
    Clock clock;

    @GET
    @Path("/consents")
    @Operation(summary = "Query the consent ledger", description = "Roles: auditor, dpo. Filters: subject, purpose, "
            + "from (inclusive), to (exclusive), policyVersion, method; pages in ledger order.")
    @APIResponse(responseCode = "400", description = "A malformed filter or page",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.PageView query(@QueryParam("subject") String subject, @QueryParam("purpose") String purpose,
                                @QueryParam("from") String from, @QueryParam("to") String to,
                                @QueryParam("policyVersion") String policyVersion, @QueryParam("method") String method,
                                @QueryParam("page") @DefaultValue("0") int page,
                                @QueryParam("size") @DefaultValue("50") int size) {
        ConsentAudit.Page result = audit.query(query(subject, purpose, from, to, policyVersion, method), page, size);
        return new Views.PageView(result.items().stream().map(Views.EntryView::of).toList(), result.page(),
                result.size(), result.total());
    }

    @GET
    @Path("/consents/export")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    @Operation(summary = "Export the consent ledger", description = "Roles: auditor, dpo. format=csv or json, the "
            + "same filters as the query, every matching entry in ledger order, streamed.")
    @APIResponse(responseCode = "400", description = "A malformed filter or format",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response export(@QueryParam("format") @DefaultValue("csv") String format,
                           @QueryParam("subject") String subject, @QueryParam("purpose") String purpose,
                           @QueryParam("from") String from, @QueryParam("to") String to,
                           @QueryParam("policyVersion") String policyVersion, @QueryParam("method") String method) {
        if (!format.equals("csv") && !format.equals("json")) {
            throw ProblemException.badRequest("format must be csv or json");
        }
        ConsentAudit.LedgerQuery query = query(subject, purpose, from, to, policyVersion, method);
        audit.recordExport(query, format);
        StreamingOutput body = format.equals("csv") ? out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writer.write(LedgerCsv.HEADER);
            audit.export(query, entry -> {
                try {
                    writer.write(LedgerCsv.row(entry));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.flush();
        } : out -> {
            try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
                generator.writeStartArray();
                audit.export(query, entry -> {
                    try {
                        json.writeValue(generator, Views.EntryView.of(entry));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                generator.writeEndArray();
            }
        };
        String type = format.equals("csv") ? "text/csv; charset=utf-8" : MediaType.APPLICATION_JSON;
        return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"consent-ledger-"
                + clock.instant().getEpochSecond() + "." + format + "\"").build();
    }

    @GET
    @Path("/consents/stats")
    @Operation(summary = "Grants and withdrawals over time", description = "Roles: auditor, dpo. Counts per purpose "
            + "and period (interval=day, week or month, UTC), with the same filters as the query.")
    @APIResponse(responseCode = "400", description = "A malformed filter or interval",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public List<ConsentAudit.PeriodCount> stats(@QueryParam("interval") @DefaultValue("day") String interval,
                                                @QueryParam("purpose") String purpose, @QueryParam("from") String from,
                                                @QueryParam("to") String to,
                                                @QueryParam("policyVersion") String policyVersion,
                                                @QueryParam("method") String method) {
        return audit.counts(query(null, purpose, from, to, policyVersion, method), interval);
    }

    @GET
    @Path("/ledger/verify")
    @Operation(summary = "Verify the ledger's hash chain", description = "Roles: auditor, dpo. Walks every entry: "
            + "its content must match its hash, it must link to the entry before, none may be missing, and the "
            + "chain must end at the recorded head. Names the first broken link.")
    public Views.VerificationView verify() {
        return Views.VerificationView.of(audit.verify());
    }

    @GET
    @Path("/subjects/{subjectId}/evidence")
    @Operation(summary = "One subject's evidence bundle", description = "Roles: auditor, dpo. Every ledger entry and "
            + "receipt of the subject, the current state, a verification of the whole chain, and the keys the "
            + "receipts verify with.")
    @APIResponse(responseCode = "404", description = "Not a subject id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Views.EvidenceView evidence(@PathParam("subjectId") UUID subjectId) {
        ConsentAudit.Evidence evidence = audit.evidence(subjectId, clock.instant());
        return new Views.EvidenceView(evidence.subject(), evidence.generatedAt(),
                evidence.entries().stream().map(Views.EntryView::of).toList(),
                evidence.receipts().stream().map(Views.ReceiptView::of).toList(),
                evidence.current().stream().map(Views.PurposeStateView::of).toList(),
                Views.VerificationView.of(evidence.chain()), receiptKeys.jwks(),
                "Each entry's hash is SHA-256 over its predecessor's hash and its own fields (see docs/consent.md); "
                        + "each receipt is a compact JWS (RS256) verifiable with receiptKeys by its kid.");
    }

    static UUID subjectId(String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("a subject id is required");
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("subject must be a subject id (UUID)");
        }
    }

    private static ConsentAudit.LedgerQuery query(String subject, String purpose, String from, String to,
                                                  String policyVersion, String method) {
        ConsentMethod parsedMethod = null;
        if (method != null) {
            parsedMethod = ConsentMethod.find(method).orElseThrow(() -> ProblemException.badRequest(
                    "method must be one of banner, settings, api, gpc, guardian"));
        }
        return new ConsentAudit.LedgerQuery(subject == null ? null : subjectId(subject), purpose,
                instant("from", from), instant("to", to), policyVersion, parsedMethod);
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
    }
}
