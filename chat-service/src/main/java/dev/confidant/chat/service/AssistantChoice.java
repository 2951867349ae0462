package dev.confidant.chat.service;

import dev.confidant.chat.config.ChatConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The assistant in use: the language model when one is configured, the knowledge base otherwise. */
@ApplicationScoped
public class AssistantChoice {

    @Produces
    @ApplicationScoped
    Assistant assistant(ChatConfig config, KnowledgeBaseAssistant knowledgeBase, LanguageModelAssistant languageModel) {
        return config.llm().baseUrl().isPresent() ? languageModel : knowledgeBase;
    }
}
