-- What a named person said, in a source, about one record. The speaker's role is kept as the
-- source gives it at the time; the municipality is the about-record's, kept here so that lists
-- and search filter by it without walking four parents.
CREATE TABLE statements (
    id              bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    public_id       text NOT NULL UNIQUE CHECK (public_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    position        integer NOT NULL CHECK (position > 0),
    person_id       bigint NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    role            text NOT NULL CHECK (role <> ''),
    organization_id bigint REFERENCES organizations (id) ON DELETE RESTRICT,
    municipality_id bigint NOT NULL REFERENCES municipalities (organization_id) ON DELETE RESTRICT,
    agreement_id    bigint REFERENCES agreements (id) ON DELETE RESTRICT,
    pledge_id       bigint REFERENCES pledges (id) ON DELETE RESTRICT,
    focus_area_id   bigint REFERENCES focus_areas (id) ON DELETE RESTRICT,
    activity_id     bigint REFERENCES activities (id) ON DELETE RESTRICT,
    quote           text NOT NULL CHECK (quote <> ''),
    source_id       bigint NOT NULL REFERENCES sources (id) ON DELETE RESTRICT,
    note            text,
    -- The words said, not the speaker's title: a search for "kommunen" should not find every
    -- statement of a kommunråd.
    search          tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish', quote), 'A')) STORED,
    CHECK (num_nonnulls(agreement_id, pledge_id, focus_area_id, activity_id) = 1)
);
CREATE INDEX statements_person_idx ON statements (person_id);
CREATE INDEX statements_municipality_idx ON statements (municipality_id);
CREATE INDEX statements_agreement_idx ON statements (agreement_id) WHERE agreement_id IS NOT NULL;
CREATE INDEX statements_pledge_idx ON statements (pledge_id) WHERE pledge_id IS NOT NULL;
CREATE INDEX statements_focus_area_idx ON statements (focus_area_id) WHERE focus_area_id IS NOT NULL;
CREATE INDEX statements_activity_idx ON statements (activity_id) WHERE activity_id IS NOT NULL;
CREATE INDEX statements_source_idx ON statements (source_id);
CREATE INDEX statements_search_idx ON statements USING gin (search);

-- Why a source has no address, so that a missing URL is said, not silent.
ALTER TABLE sources ADD COLUMN no_url_reason text,
    ADD CONSTRAINT sources_url_or_reason CHECK ((url IS NULL) <> (no_url_reason IS NULL)) NOT VALID;

-- Values that are the dataset's judgement rather than a source's words: [{field, reason}, …].
ALTER TABLE sources ADD COLUMN inferred jsonb NOT NULL DEFAULT '[]';
ALTER TABLE organizations ADD COLUMN inferred jsonb NOT NULL DEFAULT '[]';
ALTER TABLE municipalities ADD COLUMN inferred jsonb NOT NULL DEFAULT '[]';
ALTER TABLE person_roles ADD COLUMN inferred jsonb NOT NULL DEFAULT '[]';
ALTER TABLE agreements ADD COLUMN inferred jsonb NOT NULL DEFAULT '[]';
ALTER TABLE signatories ADD COLUMN inferred jsonb NOT NULL DEFAULT '[]';
ALTER TABLE pledges ADD COLUMN inferred jsonb NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN inferred jsonb NOT NULL DEFAULT '[]';

-- "Did you mean" knows the words of what people said too.
CREATE OR REPLACE FUNCTION refresh_search_words() RETURNS void LANGUAGE sql AS $$
    DELETE FROM search_words;
    INSERT INTO search_words (word)
    SELECT word FROM ts_stat($q$
        SELECT to_tsvector('simple', concat_ws(' ', title, summary, follow_up)) FROM agreements
        UNION ALL SELECT to_tsvector('simple', concat_ws(' ', title, summary)) FROM pledges
        UNION ALL SELECT to_tsvector('simple', concat_ws(' ', title, description, goals)) FROM focus_areas
        UNION ALL SELECT to_tsvector('simple', concat_ws(' ', title, description)) FROM activities
        UNION ALL SELECT to_tsvector('simple', quote) FROM statements
    $q$)
    WHERE length(word) >= 3 AND word !~ '[0-9]';
$$;
