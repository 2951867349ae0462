package dev.confidant.chat.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OtherProductsTest {

    private final OtherProducts builtIn = OtherProducts.builtInAnd(List.of("Acme Chat"));

    @Test
    void findsLatinNamesAsWholeWordsInAnyCaseAlsoBetweenChineseCharacters() {
        assertEquals(List.of("Netflix"), builtIn.named("how do I reset my netflix password"));
        assertEquals(List.of("Amazon"), builtIn.named("where is my AMAZON package, order 113-4567"));
        assertEquals(List.of("QQ"), builtIn.named("怎么修改QQ密码"));
        assertEquals(List.of("Acme Chat"), builtIn.named("is Acme Chat cheaper than you?"), "configured names count");
        // parts of other words are not names
        assertEquals(List.of(), builtIn.named("the amazonian rainforest, ubers, a netflixer"));
        assertEquals(List.of(), builtIn.named("how do I reset my password"));
    }

    @Test
    void findsChineseNamesWhereverTheyOccur() {
        assertEquals(List.of("微信"), builtIn.named("微信怎么恢复聊天记录"));
        assertEquals(List.of("美团"), builtIn.named("美团外卖退款多久到账"));
        assertEquals(List.of(), builtIn.named("退款多久到账"));
    }

    @Test
    void anArticleMayAnswerOnlyWhenItMentionsEveryNamedProduct() {
        List<String> named = builtIn.named("你们支持微信付款吗");
        assertTrue(builtIn.mentionsAll("我们接受 Visa、Mastercard、PayPal、支付宝和微信支付。", named));
        assertFalse(builtIn.mentionsAll("你可以导出聊天记录。", named));
        List<String> two = builtIn.named("can I pay through Venmo or Klarna");
        assertEquals(List.of("Venmo", "Klarna"), two);
        assertFalse(builtIn.mentionsAll("We take Venmo.", two));
    }

    @Test
    void withoutNamesNothingIsFound() {
        OtherProducts none = OtherProducts.of(List.of(" ", ""));
        assertEquals(0, none.size());
        assertEquals(List.of(), none.named("how do I reset my Netflix password"));
        assertTrue(builtIn.size() > 50, "the built-in list is read");
    }
}
