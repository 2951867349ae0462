package dev.confidant.platform.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A DPO's access token on a devstack, got as a person would get one: the bootstrap administrator
 * ({@code admin@confidant.local}) sets a password from the link mailed to it (or, when an earlier run used that link,
 * from a new reset link it asks for), signs in, gives itself the dpo role with a reason (recorded like every role
 * change) and signs in again. The password is kept in a file beside the devstack's console log, so that later runs
 * against the same devstack sign in with it: account-service mails one address at most five unsolicited mails a day,
 * reset links included. The benchmark's retention sweep is started with it. Made once, on the first call.
 */
final class DevstackDpo implements Callable<String> {

    static final String ADDRESS = "admin@confidant.local";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI account;
    private final Function<String, String> mailedLink;
    private final Path remembered;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    DevstackDpo(URI account, Function<String, String> mailedLink, Path remembered) {
        this.account = account;
        this.mailedLink = mailedLink;
        this.remembered = remembered;
    }

    @Override
    public synchronized String call() throws IOException, InterruptedException {
        if (token == null && Files.exists(remembered)) {
            HttpResponse<String> signedIn = send("POST", "/api/auth/login", null, JSON.createObjectNode()
                    .put("email", ADDRESS).put("password", Files.readString(remembered).strip()), -1);
            String accessToken = signedIn.statusCode() == 200
                    ? JSON.readTree(signedIn.body()).path("accessToken").asText() : "";
            if (hasDpoRole(accessToken)) {
                token = accessToken;
            }
        }
        if (token == null) {
            String password = "Bench-" + UUID.randomUUID();
            String link = mailedLink.apply(ADDRESS);
            if (link == null || !passwordSet(link, password)) {
                post("/api/auth/password-reset", null, JSON.createObjectNode().put("email", ADDRESS), 202);
                String fresh = link;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (Objects.equals(fresh, link) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    fresh = mailedLink.apply(ADDRESS);
                }
                if (Objects.equals(fresh, link) || !passwordSet(fresh, password)) {
                    throw new IOException("could not set a password for " + ADDRESS + " from the mailed links (at "
                            + "most five reset mails a day reach it: start a fresh devstack)");
                }
            }
            // owner-only from the moment it exists (where the file system has POSIX permissions), then written
            Files.deleteIfExists(remembered);
            if (remembered.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(remembered, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(remembered, password);
            JsonNode signedIn = signIn(password);
            ObjectNode roles = JSON.createObjectNode().put("reason", "the benchmark starts a retention sweep");
            roles.putArray("roles").add("admin").add("dpo");
            send("PUT", "/api/staff/" + signedIn.path("subjectId").asText() + "/roles",
                    signedIn.path("accessToken").asText(), roles, 200);
            token = signIn(password).path("accessToken").asText();
        }
        return token;
    }

    /** Whether the access token's groups name the dpo role (read without verifying: the services verify it). */
    private static boolean hasDpoRole(String accessToken) throws IOException {
        String[] parts = accessToken.split("\\.");
        if (parts.length < 2) {
            return false;
        }
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        for (JsonNode group : claims.path("groups")) {
            if (group.asText().equals("dpo")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the link's reset token set the password (false when it was used or has expired). */
    private boolean passwordSet(String link, String password) throws IOException, InterruptedException {
        String resetToken = link.substring(link.indexOf("token=") + "token=".length());
        return send("POST", "/api/auth/password-reset/confirm", null, JSON.createObjectNode()
                .put("token", resetToken).put("newPassword", password), -1).statusCode() / 100 == 2;
    }

    private JsonNode signIn(String password) throws IOException, InterruptedException {
        return JSON.readTree(post("/api/auth/login", null, JSON.createObjectNode().put("email", ADDRESS)
                .put("password", password), 200).body());
    }

    private HttpResponse<String> post(String path, String bearer, JsonNode body, int expected)
            throws IOException, InterruptedException {
        return send("POST", path, bearer, body, expected);
    }

    /** Sends a JSON request; unless {@code expected} is -1, any other status is an error. */
    private HttpResponse<String> send(String method, String path, String bearer, JsonNode body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(account.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (expected != -1 && response.statusCode() != expected) {
            throw new IOException(method + " " + path + " answered " + response.statusCode());
        }
        return response;
    }
}
