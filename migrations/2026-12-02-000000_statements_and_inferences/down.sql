CREATE OR REPLACE FUNCTION refresh_search_words() RETURNS void LANGUAGE sql AS $$
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
ALTER TABLE events DROP COLUMN inferred;
ALTER TABLE pledges DROP COLUMN inferred;
ALTER TABLE signatories DROP COLUMN inferred;
ALTER TABLE agreements DROP COLUMN inferred;
ALTER TABLE person_roles DROP COLUMN inferred;
ALTER TABLE municipalities DROP COLUMN inferred;
ALTER TABLE organizations DROP COLUMN inferred;
ALTER TABLE sources DROP COLUMN inferred;
ALTER TABLE sources DROP CONSTRAINT sources_url_or_reason, DROP COLUMN no_url_reason;
DROP TABLE statements;
