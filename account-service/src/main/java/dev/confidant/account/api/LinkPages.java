package dev.confidant.account.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The pages a mailed link opens when following it must change something: one button that posts the link's token,
 * so a mail scanner that opens every link agrees to nothing. The texts are the service's own, never the caller's.
 */
final class LinkPages {

    private LinkPages() {
    }

    /** A page as answered: never cached, and the link's token never sent on as a referrer. */
    static Response page(String html) {
        return Response.ok(html, MediaType.TEXT_HTML).header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer").build();
    }

    static String button(String title, String heading, String text, String button, String postPath, String done) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title></head>
                <body><main>
                <h1>%s</h1>
                <p>%s</p>
                <form id="confirm"><button type="submit">%s</button></form>
                <p id="result" role="status"></p>
                <script>
                  document.getElementById('confirm').addEventListener('submit', async (event) => {
                    event.preventDefault();
                    const token = new URLSearchParams(location.search).get('token');
                    const response = await fetch('%s', {
                      method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({token})});
                    document.getElementById('result').textContent = response.status === 204
                      ? '%s' : 'This link is not valid any more.';
                  });
                </script>
                </main></body></html>
                """.formatted(title, heading, text, button, postPath, done.replace("'", "\\'"));
    }
}
