package dev.confidant.chat;

import dev.confidant.chat.service.KnowledgeArticles;
import dev.confidant.chat.service.KnowledgeBase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The target "retrieval p99 ≤ 20 ms with 1,000 articles": 500 English and 500 Chinese articles of ten sentences are
 * saved through the service (each embedded at save, whole and sentence by sentence), then 400 distinct questions (half in each language, none repeated, so the question
 * cache never helps) are ranked by {@link KnowledgeBase#search}: question embedding, the index's revision check, the
 * full-text query and the dense ranking, as an answer does. Only with {@code -Pbenchmark}; see docs/benchmarks.md.
 */
@QuarkusTest
@SuiteInfrastructure
@Tag("benchmark")
class RetrievalBenchmark {

    private static final int ARTICLES = Integer.getInteger("bench.articles", 1_000);
    private static final int QUESTIONS = Integer.getInteger("bench.questions", 400);

    private static final String[] EN = ("account password billing invoice refund charge card payment subscription plan "
            + "upgrade downgrade cancel renew trial discount coupon voucher gift delivery parcel courier tracking "
            + "address warehouse return exchange size colour stock order basket checkout receipt tax shipping express "
            + "standard locker pickup store opening hours holiday support agent chat email phone letter complaint "
            + "feedback rating review privacy data consent cookie analytics marketing newsletter export download "
            + "delete erase retention policy security login device browser app mobile tablet desktop update version "
            + "language translation accessibility keyboard screen reader font contrast upload file image document "
            + "size limit format family child guardian school student business team invoice company vat").split(" ");
    private static final String[] ZH = ("账户 密码 账单 发票 退款 扣款 银行卡 支付 订阅 套餐 升级 降级 取消 续费 试用 折扣 优惠券 "
            + "礼品卡 配送 包裹 快递 物流 地址 仓库 退货 换货 尺码 颜色 库存 订单 购物车 结算 收据 税费 运费 加急 标准 快递柜 "
            + "自提 门店 营业时间 节假日 客服 人工 聊天 邮件 电话 投诉 反馈 评分 评价 隐私 数据 同意 分析 营销 导出 下载 删除 "
            + "保存期限 政策 安全 登录 设备 浏览器 应用 手机 平板 电脑 更新 版本 语言 翻译 无障碍 键盘 读屏 字体 对比度 上传 "
            + "文件 图片 文档 大小 格式 家庭 儿童 监护人 学校 学生 企业 团队 公司 增值税").split(" ");

    @Inject
    KnowledgeArticles articles;

    @Inject
    KnowledgeBase knowledgeBase;

    private static String words(Random random, String[] vocabulary, int count, String separator) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : separator).append(vocabulary[random.nextInt(vocabulary.length)]);
        }
        return text.toString();
    }

    /** How many garbage collections this JVM has made, and their time in milliseconds. */
    private static long[] collections() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
            millis += Math.max(0, collector.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    @Test
    void rankingAQuestionAmongAThousandArticles() {
        Random random = new Random(42);
        long seeding = System.nanoTime();
        for (int i = 0; i < ARTICLES; i++) {
            boolean zh = i % 2 == 1;
            String[] vocabulary = zh ? ZH : EN;
            String separator = zh ? "，" : " ";
            StringBuilder body = new StringBuilder();
            for (int sentence = 0; sentence < 10; sentence++) { // 120 words in 10 sentences, as help articles have
                body.append(words(random, vocabulary, 12, separator)).append(zh ? "。" : ". ");
            }
            articles.save(new KnowledgeArticles.Edit("bench-" + i, zh ? "zh" : "en",
                    words(random, vocabulary, 4, zh ? "" : " "), List.of(words(random, vocabulary, 1, "")),
                    body.toString().strip()), UUID.randomUUID());
        }
        System.out.printf("saved %d articles (each embedded at save) in %.1f s%n", ARTICLES,
                (System.nanoTime() - seeding) / 1e9);
        // warm up the index, both models and the JIT with questions of their own
        for (int i = 0; i < 100; i++) {
            knowledgeBase.search("warm-up " + words(random, EN, 6, " ") + i, 3);
            knowledgeBase.search("预热" + words(random, ZH, 5, "") + i, 3);
        }

        long[] collectedBefore = collections();
        List<Long> micros = new ArrayList<>();
        List<Long> cpuMicros = new ArrayList<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<String> asked = new ArrayList<>();
        for (int i = 0; i < QUESTIONS; i++) {
            boolean zh = i % 2 == 1;
            String question = zh ? "请问" + words(random, ZH, 5, "") + "怎么办" + i
                    : "how do I " + words(random, EN, 6, " ") + " " + i;
            long cpu = threads.getCurrentThreadCpuTime();
            long started = System.nanoTime();
            List<KnowledgeBase.Match> matches = knowledgeBase.search(question, 3);
            micros.add((System.nanoTime() - started) / 1000);
            cpuMicros.add((threads.getCurrentThreadCpuTime() - cpu) / 1000);
            assertTrue(!matches.isEmpty(), question);
            asked.add(question);
        }
        long[] collectedAfter = collections();
        // the same questions again: their embeddings are cached, so this is the rest of the work
        List<Long> rest = new ArrayList<>();
        for (String question : asked) {
            long started = System.nanoTime();
            knowledgeBase.search(question, 3);
            rest.add((System.nanoTime() - started) / 1000);
        }
        long[] restSorted = rest.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("without embedding the question (cached): p50 %.1f ms, p99 %.1f ms%n",
                restSorted[restSorted.length / 2] / 1000.0, restSorted[(int) Math.ceil(restSorted.length * 0.99) - 1] / 1000.0);
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        double p50 = sorted[sorted.length / 2] / 1000.0;
        double p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1000.0;
        System.out.printf("retrieval over %d articles, %d distinct questions: p50 %.1f ms, p99 %.1f ms, max %.1f ms "
                + "(target p99 <= 20 ms)%n", ARTICLES, QUESTIONS, p50, p99, sorted[sorted.length - 1] / 1000.0);
        // the six slowest, each with the CPU time its thread spent: far less than the time it took means it waited,
        // for a core (the test JVM also runs the Kafka broker) or for PostgreSQL's full-text query
        List<Integer> slowest = IntStream.range(0, micros.size()).boxed()
                .sorted((a, b) -> Long.compare(micros.get(b), micros.get(a))).limit(6).toList();
        System.out.printf("  slowest (took / CPU): %s ms; garbage collections during the distinct questions: %d, "
                        + "%d ms in all%n",
                slowest.stream().map(i -> String.format("%.1f/%.1f", micros.get(i) / 1000.0,
                        cpuMicros.get(i) / 1000.0)).toList(),
                collectedAfter[0] - collectedBefore[0], collectedAfter[1] - collectedBefore[1]);
        for (int lang = 0; lang < 2; lang++) {
            long[] of = new long[micros.size() / 2];
            for (int i = 0; i < of.length; i++) {
                of[i] = micros.get(2 * i + lang);
            }
            Arrays.sort(of);
            System.out.printf("  %s questions: p50 %.1f ms, p99 %.1f ms%n", lang == 0 ? "English" : "Chinese",
                    of[of.length / 2] / 1000.0, of[(int) Math.ceil(of.length * 0.99) - 1] / 1000.0);
        }
        assertTrue(p99 <= 20, "p99 " + p99 + " ms");
    }
}
