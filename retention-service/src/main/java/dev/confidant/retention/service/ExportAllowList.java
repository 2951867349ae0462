package dev.confidant.retention.service;

import dev.confidant.retention.config.RetentionConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The owners' base URLs retention-service may send a service token to ({@code confidant.retention.export-base-urls}).
 * An announced export URL is used only when it has the scheme, host and port of one of them and lies under its path;
 * anything else (another host, a user-info trick, a path outside) gets no token and no request.
 */
@ApplicationScoped
public class ExportAllowList {

    @Inject
    RetentionConfig config;

    private List<URI> bases;

    @PostConstruct
    void load() {
        bases = config.exportBaseUrls().orElse(List.of()).stream()
                .map(String::strip).filter(base -> !base.isEmpty())
                .map(base -> {
                    URI uri = URI.create(base).normalize();
                    if (!isHttp(uri) || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
                        throw new IllegalStateException("confidant.retention.export-base-urls: not a plain http(s) base "
                                + "URL: " + base);
                    }
                    return uri;
                }).toList();
    }

    /** Whether {@code url} lies under a configured base URL. */
    public boolean allows(URI url) {
        if (!isHttp(url) || url.getHost() == null || url.getRawUserInfo() != null || url.getRawFragment() != null) {
            return false;
        }
        for (URI base : bases) {
            if (base.getScheme().equalsIgnoreCase(url.getScheme())
                    && base.getHost().toLowerCase(Locale.ROOT).equals(url.getHost().toLowerCase(Locale.ROOT))
                    && port(base) == port(url)
                    && under(url.getRawPath(), base.getRawPath())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} parses as a URL this list allows. */
    public boolean allows(String text) {
        try {
            return text != null && allows(URI.create(text).normalize());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean under(String path, String basePath) {
        String base = basePath == null || basePath.isEmpty() ? "/" : basePath;
        String prefix = base.endsWith("/") ? base : base + "/";
        String candidate = path == null || path.isEmpty() ? "/" : path;
        return !candidate.contains("/../") && (candidate.startsWith(prefix) || candidate.equals(base));
    }

    private static boolean isHttp(URI uri) {
        return uri.getScheme() != null && (uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"));
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
