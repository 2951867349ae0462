package dev.confidant.chat.service;

import dev.confidant.chat.domain.Conversation;

import java.util.List;

/** A conversation as the plain-text transcript a subject downloads: one line per message, then its sources. */
public final class Transcripts {

    private Transcripts() {
    }

    public static String plainText(Conversation conversation, List<Conversations.ReadableMessage> messages) {
        StringBuilder text = new StringBuilder("Conversation ").append(conversation.id).append(", started ")
                .append(conversation.createdAt).append("\n\n");
        for (Conversations.ReadableMessage m : messages) {
            text.append('[').append(m.createdAt()).append("] ").append(switch (m.author()) {
                case SUBJECT -> "You";
                case ASSISTANT -> "Assistant";
                case AGENT -> "Agent";
            }).append(": ").append(m.text()).append('\n');
            for (Assistant.Citation citation : m.citations()) {
                text.append("    source: ").append(citation.title()).append('\n');
            }
        }
        return text.toString();
    }
}
