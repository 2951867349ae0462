-- The agents' desk: when an agent took a handed-off conversation and first answered it (waiting and first-response
-- times, shown in the console and exported as metrics), and the team's saved replies. Snippets are staff-written text
-- shared by every agent, never a person's data.
ALTER TABLE conversation ADD COLUMN taken_at TIMESTAMPTZ;
ALTER TABLE conversation ADD COLUMN first_response_at TIMESTAMPTZ;
CREATE INDEX conversation_held ON conversation (agent_id) WHERE status = 'WITH_AGENT';

CREATE TABLE agent_snippet (
    id         UUID PRIMARY KEY,
    title      TEXT        NOT NULL,
    body       TEXT        NOT NULL,
    updated_by UUID        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX agent_snippet_title ON agent_snippet (lower(title));
