-- Help articles in several languages (one row per slug and language), with their tags, the text prepared for
-- full-text search (Chinese runs cut into overlapping two-character words, as PostgreSQL has no Chinese parser) and
-- the dense embedding computed when the article is saved (float32, little-endian), named by the model that made it.
ALTER TABLE kb_article DROP COLUMN search;
ALTER TABLE kb_article DROP CONSTRAINT kb_article_slug_key;
ALTER TABLE kb_article
    ADD COLUMN lang            TEXT  NOT NULL DEFAULT 'en',
    ADD COLUMN tags            TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN search_title    TEXT,
    ADD COLUMN search_body     TEXT,
    ADD COLUMN embedding       BYTEA,
    ADD COLUMN embedding_model TEXT;
UPDATE kb_article SET search_title = title, search_body = body;
ALTER TABLE kb_article
    ALTER COLUMN search_title SET NOT NULL,
    ALTER COLUMN search_body SET NOT NULL,
    ALTER COLUMN lang DROP DEFAULT,
    ADD CONSTRAINT kb_article_slug_lang UNIQUE (slug, lang),
    ADD CONSTRAINT kb_article_lang CHECK (lang ~ '^[a-z]{2}$'),
    ADD COLUMN search TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector(CASE lang WHEN 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END,
                              search_title), 'A')
        || setweight(to_tsvector(CASE lang WHEN 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END,
                                 search_body), 'B')) STORED;
CREATE INDEX kb_article_search ON kb_article USING GIN (search);

-- Every write of an article's content takes the next revision: replicas compare count and latest revision to know
-- whether the articles they hold in memory are current (an embedding written later does not change it).
CREATE SEQUENCE kb_article_revision;
ALTER TABLE kb_article ADD COLUMN revision BIGINT NOT NULL DEFAULT nextval('kb_article_revision');
CREATE INDEX kb_article_by_revision ON kb_article (revision);
CREATE FUNCTION kb_article_next_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.revision := nextval('kb_article_revision');
    RETURN NEW;
END $$;
CREATE TRIGGER kb_article_revised BEFORE UPDATE OF slug, lang, title, body, tags ON kb_article
    FOR EACH ROW EXECUTE FUNCTION kb_article_next_revision();
