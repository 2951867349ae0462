package dev.confidant.platform.runtime.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlPagePolicyTest {

    @Test
    void onlyThePagesOwnInlineScriptRunsAndNothingMayFrameIt() {
        // SHA-256 of "alert(1)", base64: what a browser computes for <script>alert(1)</script>
        String policy = HtmlPagePolicy.policyFor("<html><body><script>alert(1)</script></body></html>");
        assertTrue(policy.contains("script-src 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"), policy);
        assertTrue(policy.startsWith("default-src 'none';"), policy);
        assertTrue(policy.contains("style-src 'none'"), policy);
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        assertTrue(policy.contains("base-uri 'none'"), policy);
    }

    @Test
    void aPageWithoutScriptsAllowsNone() {
        assertEquals("default-src 'none'; script-src 'none'; style-src 'none'; connect-src 'self'; img-src 'self'; "
                        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
                HtmlPagePolicy.policyFor("<html><body><p>Done.</p></body></html>"));
    }
}
