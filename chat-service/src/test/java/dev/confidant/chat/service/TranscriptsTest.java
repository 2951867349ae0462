package dev.confidant.chat.service;

import dev.confidant.chat.domain.Conversation;
import dev.confidant.chat.domain.MessageAuthor;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TranscriptsTest {

    @Test
    void aTranscriptNamesWhoSpokeWhenAndTheSourcesOfAnswers() {
        Conversation conversation = new Conversation();
        conversation.id = UUID.fromString("00000000-0000-4000-8000-00000000000c");
        conversation.createdAt = Instant.parse("2026-11-30T10:00:00Z");
        List<Conversations.ReadableMessage> messages = List.of(
                message(MessageAuthor.SUBJECT, "How do I reset my password?", List.of(), "2026-11-30T10:00:01Z"),
                message(MessageAuthor.ASSISTANT, "Use \"Forgot password\" on the sign-in page.",
                        List.of(new Assistant.Citation("reset-password", "en", "Reset your password")), "2026-11-30T10:00:02Z"),
                message(MessageAuthor.AGENT, "Anything else?\nI'm here.", List.of(), "2026-11-30T10:05:00Z"));
        assertEquals("""
                Conversation 00000000-0000-4000-8000-00000000000c, started 2026-11-30T10:00:00Z

                [2026-11-30T10:00:01Z] You: How do I reset my password?
                [2026-11-30T10:00:02Z] Assistant: Use "Forgot password" on the sign-in page.
                    source: Reset your password
                [2026-11-30T10:05:00Z] Agent: Anything else?
                I'm here.
                """, Transcripts.plainText(conversation, messages));
    }

    private static Conversations.ReadableMessage message(MessageAuthor author, String text,
                                                         List<Assistant.Citation> citations, String at) {
        return new Conversations.ReadableMessage(UUID.randomUUID(), author, text, citations, null, Instant.parse(at), null);
    }
}
