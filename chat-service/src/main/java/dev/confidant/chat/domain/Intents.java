package dev.confidant.chat.domain;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Privacy requests and requests for a person, recognised in what someone writes, in English and Chinese: the assistant
 * then offers the matching action for the person to confirm. Recognising too much costs only an extra button; acting
 * always waits for the person's confirmation.
 */
public final class Intents {

    /** What the person asks for. */
    public enum Kind {
        ERASURE("erasure"),
        ACCESS("access"),
        WITHDRAW_CONSENT("withdraw-consent"),
        COOKIE_CHOICES("cookie-choices"),
        HUMAN("handoff");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** A recognised request; {@code purpose} names the consent for a withdrawal. */
    public record Intent(Kind kind, String purpose) {
    }

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private static final Pattern HUMAN = Pattern.compile(String.join("|",
            "\\b(talk|speak|chat|connect me|put me through|transfer me)\\b.{0,25}\\b(human|person|people|agent|"
                    + "someone|somebody|representative|operator|staff|real one)\\b",
            "\\b(real|live|actual) (person|human|agent)\\b", "\\bhuman,? please\\b", "\\bagent,? please\\b",
            "人工", "真人", "转接客服", "客服人员", "找客服"), FLAGS);

    private static final Pattern ERASURE = Pattern.compile(String.join("|",
            "\\b(delete|erase|remove|wipe|destroy|purge|get rid of)\\b.{0,40}\\b(everything|all (of )?(my|the) "
                    + "(data|information|info|details)|my (personal )?(data|information|info|details)|"
                    + "(data|information|info) (you have |you hold |you keep )?(about|on|of) me|"
                    + "everything (you have |you hold |you know )?(about|on) me|my account)\\b",
            "\\bforget (about )?me\\b", "\\bright to (be forgotten|erasure)\\b", "\\berasure request\\b",
            "删除.{0,8}(我的|我|所有|全部).{0,6}(数据|资料|信息|账户|账号|记录)", "删掉.{0,8}(我的|所有|全部)",
            "注销.{0,4}(账户|账号)", "被遗忘权"), FLAGS);

    private static final Pattern ACCESS = Pattern.compile(String.join("|",
            "\\b(download|export|get|send me|give me|request|see)\\b.{0,20}\\b(a )?(copy of )?(all )?(my|the) "
                    + "(personal )?(data|information|info)\\b",
            "\\b(copy|export) of (everything|all|my)\\b", "\\b(access|portability) request\\b",
            "\\bsubject access\\b",
            "(下载|导出|获取|拷贝|复制|索取).{0,8}(我的|所有|全部|个人).{0,4}(数据|资料|信息)", "数据副本"), FLAGS);

    private static final Pattern COOKIES = Pattern.compile(String.join("|",
            "\\b(change|manage|update|edit|adjust|reset|review|turn off|disable|reject|refuse|block|withdraw)\\b"
                    + ".{0,25}\\bcookies?\\b",
            "\\bcookies? (settings|preferences|choices|consent|banner)\\b",
            "(更改|修改|管理|关闭|拒绝|禁用|撤回|设置).{0,6}(cookie|小甜饼|缓存文件)", "(cookie|Cookie).{0,4}(设置|偏好|选择)"),
            FLAGS);

    private static final Pattern DECLINE = Pattern.compile(String.join("|",
            "\\b(withdraw|revoke|cancel|stop|opt out of|opt-out of|turn off|disable|unsubscribe from|no more)\\b",
            "\\b(don'?t|do not|dont|no longer) (want|like|consent to|agree to|allow)\\b",
            "不想", "不要", "不同意", "撤回", "取消", "关闭", "停止", "拒绝", "别再"), FLAGS);

    private Intents() {
    }

    /**
     * The request in the text, if any. {@code consentWords} maps each purpose that rests on consent to the words that
     * name it (a regular expression); a withdrawal needs both a word of declining and a purpose's word.
     */
    public static Optional<Intent> detect(String text, Map<String, Pattern> consentWords) {
        String t = text.toLowerCase(Locale.ROOT);
        if (HUMAN.matcher(t).find()) {
            return Optional.of(new Intent(Kind.HUMAN, null));
        }
        if (ERASURE.matcher(t).find()) {
            return Optional.of(new Intent(Kind.ERASURE, null));
        }
        if (ACCESS.matcher(t).find()) {
            return Optional.of(new Intent(Kind.ACCESS, null));
        }
        if (COOKIES.matcher(t).find()) {
            return Optional.of(new Intent(Kind.COOKIE_CHOICES, null));
        }
        if (DECLINE.matcher(t).find()) {
            for (Map.Entry<String, Pattern> purpose : consentWords.entrySet()) {
                if (purpose.getValue().matcher(t).find()) {
                    return Optional.of(new Intent(Kind.WITHDRAW_CONSENT, purpose.getKey()));
                }
            }
        }
        return Optional.empty();
    }

    /** The consent words of the configuration, compiled; purposes in a stable order. */
    public static Map<String, Pattern> compile(Map<String, String> words) {
        Map<String, Pattern> compiled = new java.util.TreeMap<>();
        words.forEach((purpose, regex) -> compiled.put(purpose, Pattern.compile(regex, FLAGS)));
        return compiled;
    }
}
