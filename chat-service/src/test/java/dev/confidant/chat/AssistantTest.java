package dev.confidant.chat;

import dev.confidant.chat.service.Embeddings;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assistant understands English and Chinese questions from articles imported as Markdown, answers in the
 * question's language, and offers the actions people ask for — to be confirmed, never taken on its own.
 */
@QuarkusTest
@SuiteInfrastructure
class AssistantTest {

    private static final TestSubject AGENT = TestSubject.withRole(Roles.AGENT);

    static String article(String slug, String lang, String title, String tags, String body) {
        return "---\nslug: " + slug + "\nlang: " + lang + "\ntitle: " + title + "\ntags: [" + tags + "]\n---\n\n"
                + body + "\n";
    }

    static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static boolean imported;

    @Inject
    Embeddings embeddings;

    @BeforeEach
    void aHelpCentreInTwoLanguages() throws IOException {
        if (imported) {
            return;
        }
        imported = true;
        AGENT.request().contentType("application/zip").body(zip(Map.of(
                "help/parcel-lockers.en.md", article("parcel-lockers", "en", "Collecting a parcel from a locker",
                        "lockers, parcels, pickup", "Your parcel waits in the locker for **72 hours**. Open it with "
                                + "the six-digit code in your delivery text message; after 72 hours it goes back to "
                                + "the depot and you can book a second delivery."),
                "help/parcel-lockers.zh.md", article("parcel-lockers", "zh", "从快递柜取件", "快递柜, 包裹, 取件",
                        "包裹会在快递柜中保留 **72 小时**。用配送短信里的六位取件码开柜；超过 72 小时包裹会退回网点，"
                                + "你可以预约再次派送。"),
                "help/gift-cards.en.md", article("gift-cards", "en", "Gift cards", "gift card, voucher, balance",
                        "Gift cards are valid for three years from purchase. You can check the balance in "
                                + "Settings › Wallet and use several cards on one order."),
                "help/gift-cards.zh.md", article("gift-cards", "zh", "礼品卡", "礼品卡, 余额",
                        "礼品卡自购买之日起三年内有效。可以在 设置 › 钱包 中查询余额，一个订单可以使用多张礼品卡。"),
                "__MACOSX/._gift-cards.en.md", "ignored", "README.md", "not an article")))
                .post("/api/articles/import").then().statusCode(200);
    }

    @Test
    void aChineseQuestionIsAnsweredFromTheChineseArticleAndAnEnglishOneFromTheEnglish() throws Exception {
        ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "快递柜里的包裹能放几天？").then().statusCode(201)
                .body("answer.confident", equalTo(true))
                .body("answer.citations[0].slug", equalTo("parcel-lockers"))
                .body("answer.citations[0].lang", equalTo("zh"))
                .body("answer.citations[0].title", equalTo("从快递柜取件"))
                .body("answer.citations[0].link", equalTo("/api/articles/parcel-lockers?lang=zh"))
                .body("answer.text", containsString("72 小时"))
                .body("answer.text", containsString("摘自帮助文章《从快递柜取件》"));
        ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "how long will my package sit in the pickup box?")
                .then().statusCode(201)
                .body("answer.citations[0].slug", equalTo("parcel-lockers"))
                .body("answer.citations[0].lang", equalTo("en"))
                .body("answer.text", containsString("72 hours"));
        given().get("/api/articles/gift-cards?lang=zh").then().statusCode(200).body("title", equalTo("礼品卡"))
                .body("tags", hasItems("礼品卡", "余额"));
        given().get("/api/articles/gift-cards?lang=fr").then().statusCode(200).body("lang", equalTo("en"));
        given().get("/api/articles/gift-cards?lang=french").then().statusCode(400);
        // each version's embeddings were computed when it was saved, by its language's models: the whole article
        // and each of its sentences (float32 vectors of 512 dimensions in Chinese, 2 × 384 in English; another test
        // may have edited the English one down to one sentence)
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM kb_article WHERE slug = 'gift-cards' AND "
                + "lang = 'zh' AND octet_length(embedding) = 3 * 512 * 4 "
                + "AND embedding_model = 'bge-small-zh-v1.5/sentences'"));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM kb_article WHERE slug = 'gift-cards' AND "
                + "lang = 'en' AND octet_length(embedding) IN (2 * 768 * 4, 3 * 768 * 4) "
                + "AND embedding_model = 'all-minilm-l6-v2-q+e5-small-v2-q/sentences'"));
    }

    @Test
    void e5ReadsAQuestionAsAQuestionAndAnArticleAsAPassageWhileMiniLmReadsBothAlike() {
        String text = "how long until the refund shows up on my card";
        float[] asked = embeddings.question("en", text).orElseThrow();
        // an article whose body is that one sentence: its sentence vector is the same text, read as a passage
        float[] written = embeddings.article("en", "Refunds", List.of(), text).orElseThrow().sentences()[0];

        double[] cosines = Embeddings.similarities(asked, written, 2);

        assertTrue(cosines[0] > 0.9999, "MiniLM has no prefixes: the same text, the same vector " + cosines[0]);
        assertTrue(cosines[1] < 0.99, "E5 is given \"query: \" and \"passage: \" " + cosines[1]);
    }

    @Test
    void aQuestionAboutSomethingElseEntirelyIsUnsureInItsLanguage() {
        ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "明天北京会下雨吗").then().statusCode(201)
                .body("answer.confident", equalTo(false))
                .body("answer.text", containsString("能换个说法吗"));
    }

    @Test
    void aQuestionAboutAnotherCompanysProductIsAnsweredOnlyFromAnArticleThatMentionsIt() {
        AGENT.request().body(Map.of("title", "Ways to pay", "body", "You can pay by Visa, Mastercard or Klarna. "
                        + "Invoices are sent by email."))
                .put("/api/articles/ways-to-pay").then().statusCode(201);
        ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "how do I check my gift card balance?")
                .then().statusCode(201).body("answer.confident", equalTo(true))
                .body("answer.citations[0].slug", equalTo("gift-cards"));
        // as close to the gift-card article for the models, but about someone else's gift cards
        ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "how do I check my Netflix gift card balance?")
                .then().statusCode(201).body("answer.confident", equalTo(false))
                .body("answer.text", containsString("put it another way"));
        ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "can I pay with klarna?")
                .then().statusCode(201).body("answer.confident", equalTo(true))
                .body("answer.citations[0].slug", equalTo("ways-to-pay"));
        ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "淘宝的礼品卡余额怎么查")
                .then().statusCode(201).body("answer.confident", equalTo(false));
    }

    @Test
    void aRecognisedRequestIsAnsweredFromTheArticleAboutWhatItAsksFor() {
        AGENT.request().body(Map.of("title", "Contact details", "tags", List.of("contact", "email"), "body",
                        "The fastest way to reach us is the chat on any page: the assistant answers at once and a "
                        + "real person can take over during opening hours. Write to support@example.test for general "
                        + "help, billing@example.test for invoices and privacy@example.test for data requests. We "
                        + "answer emails within one business day. We do not offer support by telephone."))
                .put("/api/articles/contact-details").then().statusCode(201);
        AGENT.request().body(Map.of("title", "Talk to a human agent", "tags", List.of("support", "human agent",
                        "live chat"), "body", "The assistant handles most questions, but a member of our support "
                        + "team can take over. Type \"talk to a person\" in the chat, or select Contact an agent in "
                        + "the widget menu. Agents are available Monday to Friday, 08:00 to 20:00 UTC."))
                .put("/api/articles/human-agents").then().statusCode(201);
        // by itself, the question is closest to the contact details (and too far from both to be sure)
        ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "put me through to someone real")
                .then().statusCode(201).body("answer.action.type", equalTo("handoff"))
                .body("answer.confident", equalTo(true))
                .body("answer.citations[0].slug", equalTo("human-agents"));
        ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "what is your email address for invoices?")
                .then().statusCode(201).body("answer.citations[0].slug", equalTo("contact-details"));
    }

    @Test
    void reImportingUpdatesBySlugAndLanguageAndABadFileChangesNothing() throws Exception {
        String edited = article("gift-cards", "en", "Gift cards and vouchers", "gift card", "Gift cards never expire.");
        AGENT.request().contentType("text/markdown").body(edited).post("/api/articles/import").then()
                .statusCode(200).body("imported", equalTo(1)).body("updated", hasItem("en:gift-cards"));
        given().get("/api/articles/gift-cards").then().body("body", equalTo("Gift cards never expire."));

        byte[] mixed = zip(Map.of("a.md", article("gift-cards", "en", "Gift cards", "x", "Valid for one day."),
                "b.md", "no front matter here"));
        AGENT.request().contentType("application/zip").body(mixed).post("/api/articles/import").then()
                .statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("b.md"));
        given().get("/api/articles/gift-cards").then().body("body", equalTo("Gift cards never expire."));

        AGENT.request().contentType("application/zip").body(new byte[] {1, 2, 3}).post("/api/articles/import")
                .then().statusCode(422);
        TestSubject.withRole(Roles.USER).request().contentType("text/markdown").body(edited)
                .post("/api/articles/import").then().statusCode(403);
    }

    @Test
    void anArticleChangedThroughAnotherReplicaIsAnsweredFromAtOnce() throws Exception {
        // written here: the very next question is answered from it
        AGENT.request().body(Map.of("title", "Bicycle parking", "body", "Bicycles may be parked in the courtyard."))
                .put("/api/articles/bicycle-parking").then().statusCode(201);
        ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "where can I park my bicycle?")
                .then().statusCode(201).body("answer.text", containsString("courtyard"));
        // written in SQL, as another replica or an operator would: the database announces it as it commits
        ServiceDatabase.execute("UPDATE kb_article SET body = 'Bicycles may be parked in the basement garage.' "
                + "WHERE slug = 'bicycle-parking' AND lang = 'en'");
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "where can I park my bicycle?")
                        .then().statusCode(201).body("answer.text", containsString("basement garage")));
        ServiceDatabase.execute("DELETE FROM kb_article WHERE slug = 'bicycle-parking'");
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "where can I park my bicycle?")
                        .then().statusCode(201).body("answer.text", not(containsString("basement garage"))));
    }

    @Test
    void askingForAPersonOffersTheHandOffInEitherLanguageAndConfirmingPutsItInTheQueue() {
        TestSubject visitor = TestSubject.withRole(Roles.VISITOR);
        String conversation = ConversationTest.open(visitor, "人工").then().statusCode(201)
                .body("answer.action.type", equalTo("handoff"))
                .body("answer.action.label", equalTo("转人工客服"))
                .body("offerHuman", equalTo(true)).extract().path("conversationId");
        // offered, not done: the conversation is still the assistant's until the visitor confirms
        visitor.request().get("/api/conversations/" + conversation).then().body("conversation.status", equalTo("open"));
        AGENT.request().get("/api/agent/conversations").then().statusCode(200)
                .body("id", not(hasItem(conversation)));
        visitor.request().post("/api/conversations/" + conversation + "/handoff").then().statusCode(200)
                .body("status", equalTo("waiting-for-agent"));
        AGENT.request().get("/api/agent/conversations").then().statusCode(200)
                .body("id", hasItem(conversation));
        // the assistant no longer answers
        visitor.request().body(Map.of("text", "hello?")).post("/api/conversations/" + conversation + "/messages")
                .then().statusCode(201).body("answer", nullValue());

        ConversationTest.open(TestSubject.withRole(Roles.USER), "Can I talk to a person please?").then()
                .statusCode(201).body("answer.action.type", equalTo("handoff"))
                .body("answer.action.label", equalTo("Talk to a person"));
    }

    @Test
    void privacyRequestsComeWithTheActionThatDoesThem() {
        ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "please delete everything you have about me")
                .then().statusCode(201)
                .body("answer.confident", equalTo(true))
                .body("answer.action.type", equalTo("erasure"))
                .body("answer.action.service", equalTo("retention"))
                .body("answer.action.method", equalTo("POST"))
                .body("answer.action.path", equalTo("/api/requests/erasure"))
                .body("answer.action.recentSignIn", equalTo(true))
                .body("offerHuman", equalTo(false));
        ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "I don't want analytics").then().statusCode(201)
                .body("answer.action.type", equalTo("withdraw-consent"))
                .body("answer.action.purpose", equalTo("analytics.usage"))
                .body("answer.action.service", equalTo("consent"))
                .body("answer.action.method", equalTo("DELETE"))
                .body("answer.action.path", equalTo("/api/consents/me/analytics.usage"));
        ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "我想下载我的数据").then().statusCode(201)
                .body("answer.action.type", equalTo("access"))
                .body("answer.action.path", equalTo("/api/requests/access"))
                .body("answer.text", containsString("申请一份你的全部数据"));
        ConversationTest.open(TestSubject.withRole(Roles.VISITOR), "how do I change my cookie settings?").then()
                .statusCode(201).body("answer.action.type", equalTo("cookie-choices"))
                .body("answer.action.service", equalTo("widget"));
    }
}
