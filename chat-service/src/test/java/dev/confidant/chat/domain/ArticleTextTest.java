package dev.confidant.chat.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArticleTextTest {

    @Test
    void chineseIsCutIntoOverlappingPairsForFullTextSearch() {
        assertEquals("reset  退款 款与 与重 重复 ?  好 ", ArticleText.searchable("reset 退款与重复? 好"));
        assertEquals("no Chinese here", ArticleText.searchable("no Chinese here"));
    }

    @Test
    void theLanguageOfAQuestionIsChineseWhenItHasChineseCharacters() {
        assertEquals("zh", ArticleText.languageOf("能给机器人发Word文档吗"));
        assertEquals("en", ArticleText.languageOf("can I send a Word file?"));
    }

    @Test
    void anArticleFileHasFrontMatterAndABody() {
        ArticleText.ArticleFile file = ArticleText.parse("""
                ---
                slug: refunds            # id of the article
                lang: zh
                title: "退款: 规则"
                tags: [账单, 退款, 'charges']
                ---

                **如何申请**

                前往设置。
                """);
        assertEquals(new ArticleText.ArticleFile("refunds", "zh", "退款: 规则", List.of("账单", "退款", "charges"),
                "**如何申请**\n\n前往设置。"), file);
        assertEquals("zh", ArticleText.parse("---\nslug: a\ntitle: 标题\n---\n正文").lang(), "guessed from the text");
        IllegalArgumentException noSlug = assertThrows(IllegalArgumentException.class,
                () -> ArticleText.parse("---\ntitle: t\n---\nbody"));
        assertTrue(noSlug.getMessage().contains("slug"));
        assertThrows(IllegalArgumentException.class, () -> ArticleText.parse("# just markdown"));
    }

    @Test
    void anAnswerShowsTheArticleAsTextWithoutMarkup() {
        assertEquals("When you can get your money back\n\n- New subscriptions: ask within 14 days.\nGo to Settings › "
                + "Billing or see our terms (https://example.test/terms).", ArticleText.readable("## **When you can get "
                + "your money back**\n\n- **New subscriptions:** ask within 14 days.\nGo to `Settings › Billing` or "
                + "see [our terms](https://example.test/terms).\n"));
    }

    @Test
    void plainTextKeepsTheWordsOfTheMarkdown() {
        assertEquals("When: - New: ask within 14 days. Go to Settings › Billing.",
                ArticleText.plain("**When:**\n\n- **New:** ask within 14 days.\n\n> Go to `Settings › Billing`."));
    }

    @Test
    void sentencesAreCutAtTheirEndsAndKeepAddressesWhole() {
        // a heading joins the sentence after it; "Why?" and "Ok." are too short to stand alone
        assertEquals(List.of("Fix it We retry three times over 7.5 days.", "- the card has expired;",
                        "- write to help@support.confidant.example!"),
                ArticleText.sentences("## Fix it\n\nWe retry three times over 7.5 days.\n\n- the card has expired;\n"
                        + "- write to help@support.confidant.example! Why? Ok."));
        assertEquals(List.of("前往设置，选择账单。", "如果仍然失败，请联系我们！"),
                ArticleText.sentences("前往设置，选择账单。如果仍然失败，请联系我们！好。"));
        assertEquals(ArticleText.MAX_SENTENCES, ArticleText.sentences("A sentence long enough. ".repeat(100)).size());
    }
}
