package dev.confidant.platform.devstack;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The evaluation command's smoke mode: the packaged suite imports the tests' own small help centre in English and
 * Chinese at start ({@code --kb-dir}), and {@link AssistantEvaluation} asks it a question set of its own through the
 * public API, as the full evaluation does with a large one (docs/chat.md).
 */
@Order(2) // on the shared suite, after the browser journeys and before the privacy journey stops it
class AssistantIT {

    @Test
    void theEvaluationCommandScoresTheAssistantOnAQuestionSet() throws Exception {
        DevstackHarness.SharedSuite suite = DevstackHarness.SharedSuite.get();
        Path questions = Path.of(AssistantIT.class.getResource("/assistant-smoke.jsonl").toURI());
        AssistantEvaluation.Result result = new AssistantEvaluation(
                URI.create("http://127.0.0.1:" + suite.ports.chat()), URI.create("http://127.0.0.1:" + suite.ports.account()))
                .run(AssistantEvaluation.read(questions));
        result.print(System.out, true);
        assertEquals(22, result.outcomes().size());
        assertTrue(result.top1().get("en") >= 0.8, "English top-1 " + result.top1());
        assertTrue(result.top1().get("zh") >= 0.8, "Chinese top-1 " + result.top1());
        assertTrue(result.outOfScopeUnsure() >= 0.75, "out of scope answered unsure " + result.outOfScopeUnsure());
        assertEquals(1.0, result.ownLanguage(), "every answer in the question's language");
        assertTrue(result.latencyMillis().get("p50") < 2_000, "latency " + result.latencyMillis());
    }
}
