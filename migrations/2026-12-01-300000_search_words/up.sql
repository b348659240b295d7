-- The words of the searchable text, as written (not stemmed), for "did you mean": a query word
-- that is in none of them is offered the most similar one (pg_trgm trigrams). Refreshed by every
-- import in its transaction (`refresh_search_words()`), so it always holds the data's words.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE search_words (
    word text PRIMARY KEY
);
CREATE INDEX search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops);

-- The same columns the `search` vectors index, read with the `simple` configuration: lower-cased
-- words as written. Words of one or two letters and words with digits are left out.
CREATE FUNCTION refresh_search_words() RETURNS void LANGUAGE sql AS $$
    DELETE FROM search_words;
    INSERT INTO search_words (word)
    SELECT word FROM ts_stat($q$
        SELECT to_tsvector('simple', concat_ws(' ', title, summary, follow_up)) FROM agreements
        UNION ALL SELECT to_tsvector('simple', concat_ws(' ', title, summary)) FROM pledges
        UNION ALL SELECT to_tsvector('simple', concat_ws(' ', title, description, goals)) FROM focus_areas
        UNION ALL SELECT to_tsvector('simple', concat_ws(' ', title, description)) FROM activities
    $q$)
    WHERE length(word) >= 3 AND word !~ '[0-9]';
$$;

SELECT refresh_search_words();
