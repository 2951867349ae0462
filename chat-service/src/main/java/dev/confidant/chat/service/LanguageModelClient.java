package dev.confidant.chat.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * An OpenAI-compatible chat-completions API ({@code POST …/v1/chat/completions}); its base URL is
 * {@code confidant.chat.llm.base-url}. A non-2xx answer throws.
 */
@RegisterRestClient(configKey = "language-model")
@Path("/chat/completions")
public interface LanguageModelClient {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode complete(@HeaderParam("Authorization") String authorization, ObjectNode request);
}
