package dev.confidant.platform.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Widget visitors' tokens from a running account-service, as the widget gets them, for the measuring tools. */
final class VisitorTokens {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A visitor's subject id and access token. */
    record Visitor(String subject, String token) {
    }

    private VisitorTokens() {
    }

    /** A new visitor, waiting out the per-address rate limit (429) as its Retry-After asks. */
    static Visitor issue(HttpClient http, URI account) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(account.resolve("/api/auth/visitor"))
                            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() == 201) {
                String token = JSON.readTree(response.body()).path("accessToken").asText();
                String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                        StandardCharsets.UTF_8);
                return new Visitor(JSON.readTree(claims).path("sub").asText(), token);
            }
            if (response.statusCode() != 429 || attempt == 100) {
                throw new IOException("account-service refused a visitor token: " + response.statusCode());
            }
            long wait = response.headers().firstValueAsLong("Retry-After").orElse(2);
            Thread.sleep(Duration.ofSeconds(Math.max(1, wait)).toMillis());
        }
    }
}
