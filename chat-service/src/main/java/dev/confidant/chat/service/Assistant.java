package dev.confidant.chat.service;

import java.util.List;
import java.util.UUID;

/** Answers a person's message. The default answers from the knowledge base; others may call a language model. */
public interface Assistant {

    /** An article an answer rests on. */
    record Citation(String slug, String title) {
    }

    /**
     * An answer.
     *
     * @param text       what the assistant says
     * @param citations  the articles it used, best first
     * @param confident  false when it could not find a good answer
     * @param offerHuman whether it offers to hand the conversation to a human agent
     */
    record Answer(String text, List<Citation> citations, boolean confident, boolean offerHuman) {
    }

    /** The question in its conversation. */
    record Question(UUID conversationId, String text) {
    }

    Answer answer(Question question);
}
