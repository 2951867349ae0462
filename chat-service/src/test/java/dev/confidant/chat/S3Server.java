package dev.confidant.chat;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server for the tests: S3Proxy (in-memory storage, AWS signature checks on) as a process of its
 * own, from the class path {@code platform/s3-test-server} resolves, with a bucket for chat-service. Its log goes
 * to {@code target/s3proxy.log}.
 */
public class S3Server implements QuarkusTestResourceLifecycleManager {

    static final String BUCKET = "confidant-chat-test";
    static final String ACCESS_KEY = "confidant-test";
    static final String SECRET_KEY = "confidant-test-secret";
    private static final Path CLASSPATH = Path.of("../platform/s3-test-server/target/s3proxy.classpath");

    private static volatile URI endpoint;
    private Process process;

    @Override
    public Map<String, String> start() {
        try {
            if (!Files.isRegularFile(CLASSPATH)) {
                throw new IllegalStateException(CLASSPATH + " is missing: build platform/s3-test-server first "
                        + "(./mvnw install -pl platform/s3-test-server)");
            }
            int port = freePort();
            Path dir = Files.createDirectories(Path.of("target/s3proxy"));
            Path properties = dir.resolve("s3proxy.conf");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=transient",
                    "jclouds.identity=" + ACCESS_KEY,
                    "jclouds.credential=" + SECRET_KEY, ""));
            Path logging = dir.resolve("logback.xml");
            Files.writeString(logging, """
                    <configuration>
                      <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d %level %logger{20} %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="out"/></root>
                    </configuration>
                    """);
            process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-Dlogback.configurationFile=" + logging.toAbsolutePath(),
                    "-cp", Files.readString(CLASSPATH).trim(), "org.gaul.s3proxy.Main",
                    "--properties", properties.toAbsolutePath().toString()))
                    .redirectErrorStream(true).redirectOutput(Path.of("target/s3proxy.log").toFile()).start();
            awaitListening(port);
            endpoint = URI.create("http://127.0.0.1:" + port);
            try (S3Client client = client()) {
                client.createBucket(create -> create.bucket(BUCKET));
            }
            return Map.of("confidant.chat.blob-store", "s3",
                    "confidant.chat.s3.endpoint", endpoint.toString(),
                    "confidant.chat.s3.bucket", BUCKET,
                    "confidant.chat.s3.access-key-id", ACCESS_KEY,
                    "confidant.chat.s3.secret-access-key", SECRET_KEY);
        } catch (IOException e) {
            throw new UncheckedIOException("S3Proxy could not start", e);
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A client of the test's own, to look into the bucket as an operator would. */
    static S3Client client() {
        return S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    }

    private void awaitListening(int port) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("S3Proxy exited with " + process.exitValue() + "; see target/s3proxy.log");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
        throw new IOException("S3Proxy did not listen within 60 s; see target/s3proxy.log");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
