-- Every change of the articles' content tells every replica at once, through the cluster-signal channel
-- (ClusterSignals: payload "<sender> <kind> <data>"): replicas keep the articles and their embeddings in memory and
-- re-read them on this signal, instead of asking the database for the articles' revision on every question. Sent by
-- the database itself, so a change made in SQL (a migration, an operator) is announced too; delivered on commit.
CREATE FUNCTION kb_article_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('confidant_signals', 'database articles-changed');
    RETURN NULL;
END $$;
CREATE TRIGGER kb_article_changed AFTER INSERT OR DELETE OR UPDATE OF slug, lang, title, body, tags ON kb_article
    FOR EACH STATEMENT EXECUTE FUNCTION kb_article_announce_change();
CREATE TRIGGER kb_article_truncated AFTER TRUNCATE ON kb_article
    FOR EACH STATEMENT EXECUTE FUNCTION kb_article_announce_change();
