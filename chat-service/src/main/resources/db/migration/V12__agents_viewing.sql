-- Which agent is looking at which handed-off conversation right now (their console follows it live), so that the
-- others see it at the desk. Refreshed every 30 s while the console follows it; a row older than 90 s is stale.
CREATE TABLE agent_viewing (
    conversation_id UUID        NOT NULL,
    agent_id        UUID        NOT NULL,
    seen_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (conversation_id, agent_id)
);
CREATE INDEX agent_viewing_agent ON agent_viewing (agent_id);
