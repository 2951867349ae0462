package dev.confidant.chat.service;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.domain.ArticleText;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Sentence embeddings computed in-process and offline, by models whose weights and tokenizers come in their Maven
 * packages: MiniLM L6 and E5 small (both int8-quantised) for English, BGE small for Chinese. Each model runs with one
 * ONNX Runtime thread on the caller's thread, so a question costs one core for a few milliseconds and never all of
 * them (running English's two models side by side on two threads lowered the median a little and worsened the tail on
 * two cores). The models load in the background at start; the first comparison waits for its model. Vectors are
 * normalised: their dot product is their cosine.
 */
@ApplicationScoped
public class Embeddings {

    private static final Logger LOG = Logger.getLogger(Embeddings.class);
    private static final int QUESTION_CACHE = 2_000;

    /**
     * Names the layout of stored article vectors (the whole article, then each sentence) after the models: vectors
     * stored in another layout are recomputed when the index loads.
     */
    private static final String LAYOUT = "/sentences";

    /**
     * An article's embeddings: of its whole text (title, tags, body), and of each sentence of its body. Stored as one
     * array of float32 (little-endian), the whole article first.
     */
    public record ArticleVectors(float[] whole, float[][] sentences) {

        public byte[] bytes() {
            ByteBuffer buffer = ByteBuffer.allocate((1 + sentences.length) * whole.length * Float.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN);
            buffer.asFloatBuffer().put(whole);
            for (int i = 0; i < sentences.length; i++) {
                buffer.position((1 + i) * whole.length * Float.BYTES);
                buffer.asFloatBuffer().put(sentences[i]);
            }
            return buffer.array();
        }

        /** Reads what {@link #bytes()} wrote, given the dimension of the models' vectors. */
        public static ArticleVectors of(byte[] bytes, int dimension) {
            float[] all = floats(bytes);
            if (all.length < dimension || all.length % dimension != 0) {
                throw new IllegalArgumentException("stored article vectors do not fit the model's dimension");
            }
            float[] whole = Arrays.copyOfRange(all, 0, dimension);
            float[][] sentences = new float[all.length / dimension - 1][];
            for (int i = 0; i < sentences.length; i++) {
                sentences[i] = Arrays.copyOfRange(all, (1 + i) * dimension, (2 + i) * dimension);
            }
            return new ArticleVectors(whole, sentences);
        }

        /**
         * How close the article is to a question, by each of the {@code models} whose vectors are joined in both
         * ({@link Ensemble}): the model's similarity to the whole article, blended with that of the sentence it finds
         * closest by {@code sentenceWeight} (0: the whole article alone).
         */
        public double[] similarities(float[] question, int models, double sentenceWeight) {
            double[] similarities = Embeddings.similarities(question, this.whole, models);
            if (sentences.length == 0 || sentenceWeight == 0) {
                return similarities;
            }
            double[] best = new double[models];
            Arrays.fill(best, -1);
            for (float[] sentence : sentences) {
                double[] each = Embeddings.similarities(question, sentence, models);
                for (int m = 0; m < models; m++) {
                    best[m] = Math.max(best[m], each[m]);
                }
            }
            for (int m = 0; m < models; m++) {
                similarities[m] = (1 - sentenceWeight) * similarities[m] + sentenceWeight * best[m];
            }
            return similarities;
        }
    }

    /**
     * A model the assistant can use: its name, its resources in the model's jar, how it pools tokens, and what it
     * expects in front of a question and of a passage (E5 was trained with "query: " and "passage: ").
     */
    private record ModelFile(String name, String onnx, String tokenizer, PoolingMode pooling, String questionPrefix,
                             String passagePrefix) {

        static ModelFile of(String name, PoolingMode pooling) {
            return of(name, pooling, "", "");
        }

        static ModelFile of(String name, PoolingMode pooling, String questionPrefix, String passagePrefix) {
            return new ModelFile(name, name + ".onnx", name + "-tokenizer.json", pooling, questionPrefix,
                    passagePrefix);
        }
    }

    /**
     * The models of each language. English has two, whose similarities are fused (KnowledgeBase): MiniLM L6 and E5
     * small, both int8-quantised. Alone they placed 54 and 52 of 64 development questions first; fused, 58, where
     * BGE small and MiniLM placed 57 (docs/chat.md).
     */
    private static final Map<String, List<ModelFile>> MODELS = Map.of(
            "en", List.of(ModelFile.of("all-minilm-l6-v2-q", PoolingMode.MEAN),
                    ModelFile.of("e5-small-v2-q", PoolingMode.MEAN, "query: ", "passage: ")),
            "zh", List.of(ModelFile.of("bge-small-zh-v1.5", PoolingMode.CLS)));

    @Inject
    ChatConfig config;

    private final Map<String, CompletableFuture<Ensemble>> loaded = new LinkedHashMap<>();
    /** Set when the service shuts down: a model still loading then fails, and that is no error. */
    private volatile boolean stopping;
    private final Map<String, float[]> questions = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > QUESTION_CACHE;
        }
    };

    void start(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (!config.assistant().embeddings()) {
            LOG.info("Embeddings are off: the assistant ranks articles by full-text search alone");
            return;
        }
        config.assistant().nativeCacheDirectory().ifPresent(dir -> System.setProperty("DJL_CACHE_DIR", dir));
        synchronized (loaded) {
            for (String lang : MODELS.keySet()) {
                loaded.put(lang, new CompletableFuture<>());
            }
        }
        Thread loader = new Thread(() -> MODELS.forEach((lang, files) -> {
            long started = System.nanoTime();
            try {
                List<Encoder> encoders = new java.util.ArrayList<>();
                for (ModelFile file : files) {
                    encoders.add(new Encoder(file));
                }
                Ensemble ensemble = new Ensemble(encoders, 0).measured();
                loaded.get(lang).complete(ensemble);
                LOG.infof("Embedding model %s loaded in %d ms", ensemble.name(),
                        (System.nanoTime() - started) / 1_000_000);
            } catch (Exception | Error e) { // an out-of-memory error too: no question may wait forever
                if (stopping || jvmStopping()) {
                    LOG.infof("Embedding models for %s were still loading when the service stopped", lang);
                } else {
                    LOG.errorf("Embedding models for %s failed to load (%s); its questions use full-text search "
                            + "alone", lang, e.getClass().getSimpleName());
                }
                loaded.get(lang).completeExceptionally(e);
            }
        }), "embedding-models");
        loader.setDaemon(true);
        loader.start();
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /**
     * Whether the JVM is shutting down: on SIGTERM the native runtime may be torn down by its own shutdown hook
     * before Quarkus has told its beans ({@link #stop}).
     */
    private static boolean jvmStopping() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /**
     * The name of the models of a language and of the layout their article vectors are stored in, when embeddings
     * are on and the language has models.
     */
    public Optional<String> model(String lang) {
        return encoder(lang).map(e -> e.name() + LAYOUT);
    }

    /** The length of the vectors of a language's models, when embeddings are on and the language has models. */
    public Optional<Integer> dimension(String lang) {
        return encoder(lang).map(Ensemble::dimension);
    }

    /** How many models a language's vectors join (1 without embeddings). */
    public int models(String lang) {
        return encoder(lang).map(e -> e.encoders().size()).orElse(1);
    }

    /**
     * The embeddings of an article, by the models of its language: of its whole text (title, tags, body) and of each
     * of its sentences ({@link ArticleText#sentences}).
     */
    public Optional<ArticleVectors> article(String lang, String title, List<String> tags, String body) {
        return encoder(lang).map(e -> new ArticleVectors(e.vector(ArticleText.forEmbedding(title, tags, body), false),
                ArticleText.sentences(body).stream().map(s -> e.vector(s, false)).toArray(float[][]::new)));
    }

    /** The embedding of a question, remembered for repeated questions. */
    public Optional<float[]> question(String lang, String text) {
        Optional<Ensemble> encoder = encoder(lang);
        if (encoder.isEmpty()) {
            return Optional.empty();
        }
        String key = lang + '\u0000' + text;
        synchronized (questions) {
            float[] known = questions.get(key);
            if (known != null) {
                return Optional.of(known);
            }
        }
        float[] vector = encoder.get().vector(text, true);
        synchronized (questions) {
            questions.put(key, vector);
        }
        return Optional.of(vector);
    }

    /**
     * The cosine similarity of two vectors by each of the {@code models} they join ({@link Ensemble}): each model's
     * part is a unit vector scaled by 1/√models, so its dot product times the number of models is its cosine.
     */
    public static double[] similarities(float[] a, float[] b, int models) {
        double[] similarities = new double[models];
        int part = a.length / models;
        for (int m = 0; m < models; m++) {
            double sum = 0;
            for (int i = m * part, end = i + part; i < end; i++) {
                sum += a[i] * b[i];
            }
            similarities[m] = sum * models;
        }
        return similarities;
    }

    /**
     * Several models' unit vectors as one: side by side, each scaled by 1/√(number of models), so that the result is a
     * unit vector whose dot product with another is the mean of the models' cosines ({@link #similarities}).
     */
    static float[] joined(float[]... parts) {
        float scale = (float) (1 / Math.sqrt(parts.length));
        int length = 0;
        for (float[] part : parts) {
            length += part.length;
        }
        float[] joined = new float[length];
        int at = 0;
        for (float[] part : parts) {
            for (float value : part) {
                joined[at++] = value * scale;
            }
        }
        return joined;
    }

    private static float[] floats(byte[] bytes) {
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    private Optional<Ensemble> encoder(String lang) {
        CompletableFuture<Ensemble> future;
        synchronized (loaded) {
            future = loaded.get(lang);
        }
        if (future == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(future.join());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The models of a language as one: a text's vector is the concatenation of each model's unit vector, scaled so
     * that it is a unit vector too; the dot product of two is then the mean of the models' cosine similarities, and
     * each model's part gives its own ({@link #similarities}).
     */
    private record Ensemble(List<Encoder> encoders, int dimension) {

        /** The same models, knowing the length of their vectors. */
        Ensemble measured() {
            return new Ensemble(encoders, vector("dimension", false).length);
        }

        String name() {
            return String.join("+", encoders.stream().map(e -> e.file.name()).toList());
        }

        /** The vector of a question, or of a passage of an article, each with its model's prefix. */
        float[] vector(String text, boolean question) {
            if (encoders.size() == 1) {
                return encoders.get(0).vector(text, question);
            }
            float[][] parts = new float[encoders.size()][];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = encoders.get(i).vector(text, question);
            }
            return joined(parts);
        }
    }

    /** One model with a single-threaded ONNX Runtime session, run on the calling thread. */
    private static final class Encoder extends AbstractInProcessEmbeddingModel {

        private final ModelFile file;
        private final OnnxBertBiEncoder encoder;

        Encoder(ModelFile file) throws OrtException, IOException {
            super(Runnable::run);
            this.file = file;
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            // the weights go from the jar to a temporary file that ONNX Runtime maps itself: not through the heap
            Path weights = Files.createTempFile("confidant-" + file.name(), ".onnx");
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                 InputStream packaged = resource(file.onnx());
                 InputStream tokenizer = resource(file.tokenizer())) {
                Files.copy(packaged, weights, StandardCopyOption.REPLACE_EXISTING);
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                // without the arena both models take about 55 MB less resident memory, at the same speed
                options.setCPUArenaAllocator(false);
                OrtSession session = environment.createSession(weights.toString(), options);
                this.encoder = new OnnxBertBiEncoder(environment, session, tokenizer, file.pooling());
            } finally {
                Files.deleteIfExists(weights);
            }
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return 384;
        }

        float[] vector(String text, boolean question) {
            String prefixed = (question ? file.questionPrefix() : file.passagePrefix()) + text;
            return embedAll(List.of(TextSegment.from(prefixed))).content().get(0).vector();
        }

        private static InputStream resource(String name) {
            InputStream in = Thread.currentThread().getContextClassLoader() == null ? null
                    : Thread.currentThread().getContextClassLoader().getResourceAsStream(name);
            if (in == null) {
                in = Embeddings.class.getClassLoader().getResourceAsStream(name);
            }
            if (in == null) {
                throw new UncheckedIOException(new IOException("model resource " + name + " is not on the class path"));
            }
            return in;
        }
    }
}
