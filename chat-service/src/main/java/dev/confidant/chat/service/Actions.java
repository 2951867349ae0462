package dev.confidant.chat.service;

import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.domain.Intents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The actions the assistant offers in a conversation, and what it says when it offers them, in English and Chinese.
 * Each action names the same API the privacy centre uses; nothing happens until the person confirms.
 */
@ApplicationScoped
public class Actions {

    private final Map<String, Pattern> consentWords;

    @Inject
    Actions(ChatConfig config) {
        this.consentWords = Intents.compile(config.assistant().consentWords());
    }

    /** The request in the person's message, if there is one. */
    public Optional<Intents.Intent> recognise(String text) {
        return Intents.detect(text, consentWords);
    }

    public Assistant.Action of(Intents.Intent intent, UUID conversationId, String lang) {
        boolean zh = lang.equals("zh");
        return switch (intent.kind()) {
            case HUMAN -> handOff(conversationId, lang);
            case ERASURE -> new Assistant.Action(intent.kind().code(), null, zh ? "删除我的全部数据" : "Delete all my data",
                    "retention", "POST", "/api/requests/erasure", true);
            case ACCESS -> new Assistant.Action(intent.kind().code(), null, zh ? "下载我的数据副本" : "Download a copy of my data",
                    "retention", "POST", "/api/requests/access", false);
            case WITHDRAW_CONSENT -> new Assistant.Action(intent.kind().code(), intent.purpose(),
                    zh ? "撤回同意：" + intent.purpose() : "Withdraw my consent to " + intent.purpose(), "consent",
                    "DELETE", "/api/consents/me/" + intent.purpose(), false);
            case COOKIE_CHOICES -> new Assistant.Action(intent.kind().code(), null,
                    zh ? "更改 Cookie 选择" : "Change my cookie choices", "widget", null, null, false);
        };
    }

    public Assistant.Action handOff(UUID conversationId, String lang) {
        return new Assistant.Action(Intents.Kind.HUMAN.code(), null, lang.equals("zh") ? "转人工客服" : "Talk to a person", "chat",
                "POST", "/api/conversations/" + conversationId + "/handoff", false);
    }

    /** What the assistant says when it offers an action without an article to answer from. */
    public String prompt(Intents.Intent intent, String lang) {
        boolean zh = lang.equals("zh");
        return switch (intent.kind()) {
            case HUMAN -> zh ? "我可以把对话转给人工客服。需要的话请点击下方按钮确认。"
                    : "I can pass this conversation to a person on our support team. Confirm below if you'd like that.";
            case ERASURE -> zh ? "我可以为你提交删除请求：我们会在最迟一个月内从所有系统中删除你的对话、上传文件、反馈和账户，"
                    + "并给你一份删除证明。请在下方确认。"
                    : "I can send an erasure request for you: we then delete your conversations, uploads, feedback and "
                    + "account from every system within one month at the latest, and you get an erasure certificate. "
                    + "Please confirm below.";
            case ACCESS -> zh ? "我可以为你申请一份你的全部数据：每个服务提供各自的部分，准备好后可以在这里下载。请在下方确认。"
                    : "I can request a copy of all your data for you: every service adds its part, and you can "
                    + "download it here when it is ready. Please confirm below.";
            case WITHDRAW_CONSENT -> zh ? "我可以为你撤回对「" + intent.purpose() + "」的同意，所有服务会立即停止该处理。请在下方确认。"
                    : "I can withdraw your consent to " + intent.purpose() + " for you; every service stops that "
                    + "processing at once. Please confirm below.";
            case COOKIE_CHOICES -> zh ? "你可以随时更改 Cookie 选择。点击下方按钮打开设置。"
                    : "You can change your cookie choices at any time: open them below.";
        };
    }

    /** What the assistant says the second time in a row it is unsure: it offers a person. */
    public String unsureAgain(String lang) {
        return lang.equals("zh") ? "我还是无法根据帮助文章确定答案。需要为你转接人工客服吗？"
                : "I'm still not sure I can answer that from our help articles. Would you like to talk to a person on "
                + "our support team?";
    }
}
