package dev.confidant.account.api;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The page a password-reset mail links to: a form that posts the new password with the link's token. */
@Path("/api/auth/password-reset/form")
@Tag(name = "Authentication")
public class PasswordResetPage {

    private static final String PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Confidant: new password</title></head>
            <body><main>
            <h1>Choose a new password</h1>
            <form id="reset">
              <label>New password (at least 12 characters)
                <input id="password" type="password" minlength="12" maxlength="128" required autocomplete="new-password">
              </label>
              <button type="submit">Set password</button>
            </form>
            <p id="result" role="status"></p>
            <script>
              document.getElementById('reset').addEventListener('submit', async (event) => {
                event.preventDefault();
                const token = new URLSearchParams(location.search).get('token');
                const response = await fetch('/api/auth/password-reset/confirm', {
                  method: 'POST', headers: {'Content-Type': 'application/json'},
                  body: JSON.stringify({token, newPassword: document.getElementById('password').value})});
                const result = document.getElementById('result');
                if (response.status === 204) {
                  result.textContent = 'Your password is changed. You can log in with it now.';
                } else {
                  const problem = await response.json();
                  result.textContent = problem.detail + (problem.errors ? ' ' + problem.errors.map(e => e.message).join('; ') : '');
                }
              });
            </script>
            </main></body></html>
            """;

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The password-reset page a mailed link opens", description = "Public.")
    public String page() {
        return PAGE;
    }
}
