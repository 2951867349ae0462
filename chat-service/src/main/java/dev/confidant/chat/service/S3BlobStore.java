package dev.confidant.chat.service;

import dev.confidant.chat.config.ChatConfig;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * Upload files in an S3-compatible object store, one object per file, {@code <subject>/<upload id>}, encrypted by
 * chat-service before they leave it (the store never sees content). A file is written to a temporary file first
 * (its length must be known) and put whole, so there is never a partial object under a real name. Checksums are
 * sent only where S3 requires them, which S3-compatible servers accept; a subject's files are deleted one request
 * each, because S3's delete-many needs a checksum header that many S3-compatible servers refuse (uploads expire
 * after 30 days and at most 50 a day are accepted, so a subject holds at most some 1,500). Every instance of
 * chat-service shares the bucket, so any of them serves any download.
 */
public class S3BlobStore implements BlobStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(S3BlobStore.class);

    private final S3Client s3;
    private final String bucket;

    public S3BlobStore(ChatConfig.S3 config) {
        bucket = config.bucket().orElseThrow(() -> new IllegalStateException(
                "confidant.chat.blob-store=s3 needs confidant.chat.s3.bucket"));
        AwsCredentialsProvider credentials = config.accessKeyId().isPresent() && config.secretAccessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId().get(),
                config.secretAccessKey().get()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle()).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        config.endpoint().ifPresent(builder::endpointOverride);
        s3 = builder.build();
    }

    @Override
    public String name() {
        return "chat-blobs";
    }

    @Override
    public void write(UUID subject, UUID id, Content content) {
        Path spool = null;
        try {
            spool = Files.createTempFile("confidant-upload-", ".partial");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool), 64 * 1024)) {
                content.writeTo(out);
            }
            s3.putObject(put -> put.bucket(bucket).key(key(subject, id)).contentType("application/octet-stream"),
                    RequestBody.fromFile(spool));
        } catch (IOException e) {
            throw new UncheckedIOException("could not store a file", e);
        } catch (SdkException e) {
            throw failed("store a file", e);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException e) {
                    LOG.warn("A temporary upload file could not be deleted");
                }
            }
        }
    }

    @Override
    public Optional<byte[]> get(UUID subject, UUID id) {
        try {
            return Optional.of(s3.getObjectAsBytes(get -> get.bucket(bucket).key(key(subject, id))).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failed("read a file", e);
        }
    }

    @Override
    public boolean delete(UUID subject, UUID id) {
        String key = key(subject, id);
        try {
            try {
                s3.headObject(head -> head.bucket(bucket).key(key));
            } catch (NoSuchKeyException e) {
                return false;
            }
            s3.deleteObject(delete -> delete.bucket(bucket).key(key));
            return true;
        } catch (SdkException e) {
            throw failed("delete a file", e);
        }
    }

    @Override
    public long deleteAll(UUID subject) {
        try {
            long deleted = 0;
            for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(subject + "/"))
                    .contents()) {
                s3.deleteObject(delete -> delete.bucket(bucket).key(object.key()));
                deleted++;
            }
            return deleted;
        } catch (SdkException e) {
            throw failed("delete a subject's files", e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private static String key(UUID subject, UUID id) {
        return subject + "/" + id;
    }

    /** The store failed: the caller's error handling sees an I/O failure, as with the filesystem. */
    private static UncheckedIOException failed(String what, SdkException e) {
        return new UncheckedIOException("could not " + what + " in the object store", new IOException(
                e.getClass().getSimpleName(), e));
    }
}
