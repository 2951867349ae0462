package dev.confidant.chat.service;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.UUID;

/** Answers a person's message. The default answers from the knowledge base; others may call a language model. */
public interface Assistant {

    /** An article an answer rests on, in the language it was quoted in. */
    record Citation(String slug, String lang, String title) {

        /** Where a reader finds the article (the public article API). */
        @JsonProperty("link")
        public String link() {
            return "/api/articles/" + slug + "?lang=" + lang;
        }

        /** How a message stores it: {@code lang:slug}. */
        public String reference() {
            return lang + ":" + slug;
        }
    }

    /**
     * Something the assistant offers to do, which happens only when the person confirms it: a request to the API named
     * here, with the person's own token (the widget shows a button). {@code recentSignIn}: an account holder must have
     * signed in within minutes (account-service step-up) for the request to be accepted.
     *
     * @param type    handoff, erasure, access, withdraw-consent or cookie-choices
     * @param purpose the consent a withdrawal is about, else null
     * @param service chat, retention or consent; widget for what only the widget shows (cookie choices)
     */
    record Action(String type, String purpose, String label, String service, String method, String path,
                  boolean recentSignIn) {
    }

    /**
     * An answer.
     *
     * @param text      what the assistant says
     * @param citations the articles it used, best first
     * @param confident false when it could not find a good answer (the conversation then decides whether to offer a
     *                  person: {@link Conversations#post})
     */
    record Answer(String text, List<Citation> citations, boolean confident) {
    }

    /**
     * The question in its conversation.
     *
     * @param request the label of the action the person asks for ({@link Action#label}), when the conversation
     *                recognised one ("Talk to a person"), else null
     */
    record Question(UUID conversationId, String text, String request) {

        /**
         * What the help articles are searched with: the question, and the action it asks for in the same words as
         * the action's button, so that "I want to speak to a real person" finds the article on talking to a person
         * rather than the one listing our email addresses.
         */
        public String searchText() {
            return request == null ? text : text + "\n" + request;
        }
    }

    Answer answer(Question question);
}
