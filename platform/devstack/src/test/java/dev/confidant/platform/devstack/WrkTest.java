package dev.confidant.platform.devstack;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The benchmark command's wrk driver: its requests, its count of unexpected answers, and its summary. */
class WrkTest {

    @Test
    void sendsEachRequestWithItsTokenAndANumberedBodyAndCountsUnexpectedAnswers() throws Exception {
        assumeTrue(Wrk.find().isPresent() || System.getenv("CI") != null, "wrk is not installed");
        Set<String> bodies = ConcurrentHashMap.newKeySet();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String token = exchange.getRequestHeaders().getFirst("Authorization");
            int status;
            if (exchange.getRequestMethod().equals("POST")) {
                bodies.add(body);
                boolean json = "application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"));
                status = json && "Bearer poster".equals(token) && body.matches("\\{\"n\":\"\\d+\"}") ? 201 : 400;
            } else {
                // the query reaches the server; one request in four is answered with another status
                status = exchange.getRequestURI().getQuery().equals("q=odd") ? 404 : 201;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            List<Wrk.Call> calls = List.of(new Wrk.Call("POST", base.resolve("/messages"), "poster", "{\"n\":\"{n}\"}"),
                    new Wrk.Call("GET", base.resolve("/x?q=even"), "reader", null),
                    new Wrk.Call("POST", base.resolve("/messages"), "poster", "{\"n\":\"{n}\"}"),
                    new Wrk.Call("GET", base.resolve("/x?q=odd"), "reader", null));
            Wrk.Result result = Wrk.find().orElseThrow().run(calls, 201, 2, 1);

            assertTrue(result.rate() > 0, "requests were answered as expected");
            assertTrue(result.failures() > 0, "the 404s count as failures");
            double failedShare = result.failures() / (result.failures() + result.rate());
            assertTrue(failedShare > 0.15 && failedShare < 0.35, "one in four was answered 404: " + failedShare);
            assertTrue(bodies.size() > 10, "each body has its own number: " + bodies.size());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void readsTheScriptsSummaryAndRefusesOutputWithoutOne() throws IOException {
        Wrk.Result result = Wrk.parse("Running 2s test @ http://127.0.0.1:1/\n"
                + "confidant-bench requests=1000 micros=2000000 unexpected=100 socket-errors=5\n"
                + "Requests/sec: 500.0\n");
        assertEquals(450.0, result.rate(), 1e-9);
        assertEquals(105, result.failures());
        assertThrows(IOException.class, () -> Wrk.parse("unable to connect to 127.0.0.1:9 Connection refused"));
    }
}
