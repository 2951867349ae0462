package dev.confidant.chat;

import dev.confidant.chat.LiveConversationTest.Client;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What one client can take from the live connections: limits a real WebSocket client runs into. */
@QuarkusTest
@SuiteInfrastructure
class SocketLimitsTest {

    @Test
    void oneAddressHoldsAtMostAHundredConnectionsAndOthersAreUnaffected() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<Client> held = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                held.add(Client.open("/ws/conversations/" + java.util.UUID.randomUUID(), "198.51.100.20", http));
            }
            Client oneTooMany = Client.open("/ws/conversations/" + java.util.UUID.randomUUID(), "198.51.100.20", http);
            assertEquals(1008, oneTooMany.closed.get(10, TimeUnit.SECONDS));
            assertFalse(held.get(99).closed.isDone(), "the connections within the limit stay open");

            TestSubject other = TestSubject.withRole(Roles.USER);
            String conversation = other.request().post("/api/conversations").then().statusCode(201)
                    .extract().path("id");
            Client elsewhere = Client.open("/ws/conversations/" + conversation, "198.51.100.21", http);
            elsewhere.socket.sendText("{\"type\":\"auth\",\"token\":\"" + other.token() + "\"}", true)
                    .get(5, TimeUnit.SECONDS);
            assertEquals("ready", elsewhere.next().getString("type"), "another address is not affected");
        } finally {
            held.forEach(client -> client.socket.abort());
        }
    }

    @Test
    void aConnectionSendingMoreThan120FramesAMinuteIsClosed() throws Exception {
        TestSubject owner = TestSubject.withRole(Roles.USER);
        String conversation = owner.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        Client client = Client.connect(conversation, owner.token());
        for (int i = 0; i < 130 && !client.closed.isDone(); i++) {
            client.socket.sendText("{}", true).get(5, TimeUnit.SECONDS);
        }
        assertEquals(1008, client.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void messagesOverTheSocketShareTheRestBudget() throws Exception {
        TestSubject owner = TestSubject.withRole(Roles.USER);
        String conversation = owner.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        Client client = Client.connect(conversation, owner.token());
        for (int i = 0; i < 30; i++) { // from an address of their own: other tests' address budget is not touched
            owner.request().header("X-Forwarded-For", "198.51.100.30").body(Map.of("text", "hello " + i)).post("/api/conversations/" + conversation + "/messages")
                    .then().statusCode(201);
        }
        client.frames.clear();
        client.socket.sendText("{\"text\": \"one more\"}", true).get(5, TimeUnit.SECONDS);
        JsonPath error;
        do {
            error = client.next();
        } while (!"error".equals(error.getString("type")));
        assertEquals(429, error.getInt("status"));
        assertFalse(owner.request().get("/api/conversations/" + conversation).then().statusCode(200).extract()
                .jsonPath().getList("messages.text").contains("one more"), "nothing was stored");
    }

    @Test
    void tooLargeAMessageClosesTheConnection() throws Exception {
        TestSubject owner = TestSubject.withRole(Roles.USER);
        String conversation = owner.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        Client client = Client.connect(conversation, owner.token());
        client.socket.sendText("{\"text\": \"" + "x".repeat(70_000) + "\"}", true);
        assertEquals(1009, client.closed.get(10, TimeUnit.SECONDS));

        // in pieces, each small: the whole message counts
        Client pieces = Client.connect(conversation, owner.token());
        pieces.socket.sendText("{\"text\": \"" + "x".repeat(40_000), false).get(5, TimeUnit.SECONDS);
        pieces.socket.sendText("x".repeat(40_000) + "\"}", true);
        assertEquals(1009, pieces.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aConnectionThatNeverAnswersPingsIsClosedAndOneThatDoesStays() throws Exception {
        TestSubject owner = TestSubject.withRole(Roles.USER);
        String conversation = owner.request().post("/api/conversations").then().statusCode(201).extract().path("id");
        Client answering = Client.connect(conversation, owner.token()); // the JDK client answers pings, as browsers do

        try (Socket silent = new Socket("localhost", RestAssured.port)) {
            silent.setSoTimeout(30_000);
            OutputStream out = silent.getOutputStream();
            String key = Base64.getEncoder().encodeToString("a sixteen-byte k".getBytes(StandardCharsets.US_ASCII));
            out.write(("GET /ws/conversations/" + conversation + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + owner.token() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(silent.getInputStream());
            assertTrue(readHeaders(in).startsWith("HTTP/1.1 101"));
            // read frames (ready, the catch-up, pings it never answers) until the server closes
            int closeCode = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (closeCode < 0 && System.nanoTime() < deadline) {
                int opcode = in.readUnsignedByte() & 0x0f;
                byte[] payload = new byte[payloadLength(in)];
                in.readFully(payload);
                if (opcode == 0x8) {
                    closeCode = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
                }
            }
            assertEquals(1001, closeCode, "closed as idle");
        }
        assertFalse(answering.closed.isDone(), "a client that answers pings is not idle");
    }

    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            headers.append((char) in.read());
        }
        return headers.toString();
    }

    private static int payloadLength(DataInputStream in) throws IOException {
        int length = in.readUnsignedByte() & 0x7f; // server frames are not masked
        if (length == 126) {
            return in.readUnsignedShort();
        }
        if (length == 127) {
            return (int) in.readLong();
        }
        return length;
    }
}
