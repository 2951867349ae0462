package dev.confidant.chat.domain;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntentsTest {

    private static final Map<String, Pattern> WORDS = Intents.compile(Map.of(
            "analytics.usage", "analytics|tracking|统计|分析",
            "marketing.promotions", "marketing|newsletter|营销|广告"));

    private static Optional<Intents.Intent> detect(String text) {
        return Intents.detect(text, WORDS);
    }

    private static void expect(Intents.Kind kind, String... texts) {
        for (String text : texts) {
            assertEquals(kind, detect(text).map(Intents.Intent::kind).orElse(null), text);
        }
    }

    @Test
    void requestsForAPersonInBothLanguages() {
        expect(Intents.Kind.HUMAN, "I want to talk to a person", "can I speak with a real human?",
                "Connect me to an agent please", "live agent", "人工", "转人工", "我要找真人客服");
    }

    @Test
    void erasureRequests() {
        expect(Intents.Kind.ERASURE, "please delete everything you have about me", "Erase all my data",
                "remove my personal information", "I want you to forget me", "right to be forgotten",
                "delete my account", "请删除我的所有数据", "帮我注销账号", "删掉我的全部记录");
    }

    @Test
    void copiesOfMyData() {
        expect(Intents.Kind.ACCESS, "can I download my data?", "send me a copy of all my personal data",
                "I'd like a copy of everything you hold", "我想下载我的数据", "导出我的个人信息");
    }

    @Test
    void cookieChoices() {
        expect(Intents.Kind.COOKIE_CHOICES, "how do I change my cookie settings", "reject cookies",
                "turn off the cookies", "修改cookie设置");
    }

    @Test
    void withdrawalsNameThePurposeTheyAreAbout() {
        assertEquals(Optional.of(new Intents.Intent(Intents.Kind.WITHDRAW_CONSENT, "analytics.usage")),
                detect("I don't want analytics"));
        assertEquals(Optional.of(new Intents.Intent(Intents.Kind.WITHDRAW_CONSENT, "marketing.promotions")),
                detect("Please stop the marketing newsletter"));
        assertEquals(Optional.of(new Intents.Intent(Intents.Kind.WITHDRAW_CONSENT, "analytics.usage")),
                detect("我不想被统计分析"));
    }

    @Test
    void questionsAboutTheseTopicsAreNotRequests() {
        for (String text : new String[] {"what analytics do you run?", "how long do you keep my chats?",
                                         "what is a cookie?", "how do I reset my password", "你们用哪些分析工具",
                                         "who is your data protection officer", "is my data deleted when I cancel?"}) {
            assertTrue(detect(text).isEmpty(), text);
        }
    }
}
