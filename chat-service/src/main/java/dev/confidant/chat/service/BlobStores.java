package dev.confidant.chat.service;

import dev.confidant.chat.config.ChatConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** The blob store the configuration names ({@code confidant.chat.blob-store}): a directory, or S3 object storage. */
@ApplicationScoped
class BlobStores {

    @Produces
    @ApplicationScoped
    BlobStore blobStore(ChatConfig config) {
        return switch (config.blobStore()) {
            case "filesystem" -> new FileSystemBlobStore(config);
            case "s3" -> new S3BlobStore(config.s3());
            default -> throw new IllegalStateException("confidant.chat.blob-store is filesystem or s3, not '"
                    + config.blobStore() + "'");
        };
    }

    void close(@Disposes BlobStore store) {
        if (store instanceof S3BlobStore s3) {
            s3.close();
        }
    }
}
