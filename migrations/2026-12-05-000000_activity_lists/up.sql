-- An activity's responsible organizations (`public id|name`, sorted) and the sources it cites
-- (public ids, sorted), kept on the activity as its status is: a page of activities reads them
-- with the row instead of looking both up for every row, which was half of what such a page
-- cost. Triggers keep them in the same transaction as the write, whoever writes.
ALTER TABLE activities
    ADD COLUMN responsible text[] NOT NULL DEFAULT '{}',
    ADD COLUMN sources text[] NOT NULL DEFAULT '{}';

-- Set-based, so that an import's batch of thousands of links refreshes its activities in a few
-- joins rather than two lookups per activity.
CREATE FUNCTION refresh_activity_lists_of(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    WITH a AS (SELECT DISTINCT unnest(ids) AS id),
    resp AS (
        SELECT ar.activity_id AS id,
               array_agg(r.public_id || '|' || r.name ORDER BY r.public_id || '|' || r.name) AS l
        FROM activity_responsibles ar JOIN organizations r ON r.id = ar.organization_id
        WHERE ar.activity_id IN (SELECT id FROM a) GROUP BY 1),
    src AS (
        SELECT c.activity_id AS id, array_agg(s.public_id ORDER BY s.public_id) AS l
        FROM citations c JOIN sources s ON s.id = c.source_id
        WHERE c.activity_id IN (SELECT id FROM a) GROUP BY 1)
    UPDATE activities x
    SET responsible = coalesce(resp.l, '{}'), sources = coalesce(src.l, '{}')
    FROM a LEFT JOIN resp USING (id) LEFT JOIN src USING (id)
    WHERE x.id = a.id
      AND (x.responsible, x.sources) IS DISTINCT FROM (coalesce(resp.l, '{}'), coalesce(src.l, '{}'));
$$;

-- Statement-level: an import of many rows updates each activity once.
CREATE FUNCTION refresh_activity_lists() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM refresh_activity_lists_of(ARRAY(SELECT activity_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM refresh_activity_lists_of(ARRAY(SELECT activity_id FROM old_rows));
    ELSE
        PERFORM refresh_activity_lists_of(ARRAY(
            SELECT activity_id FROM new_rows UNION SELECT activity_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;

-- A renamed organization or source: the activities that name it.
CREATE FUNCTION refresh_activity_lists_named() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'organizations' THEN
        PERFORM refresh_activity_lists_of(ARRAY(
            SELECT ar.activity_id FROM activity_responsibles ar
            JOIN new_rows n ON n.id = ar.organization_id JOIN old_rows o ON o.id = n.id
            WHERE (n.public_id, n.name) IS DISTINCT FROM (o.public_id, o.name)));
    ELSE
        PERFORM refresh_activity_lists_of(ARRAY(
            SELECT c.activity_id FROM citations c
            JOIN new_rows n ON n.id = c.source_id JOIN old_rows o ON o.id = n.id
            WHERE c.activity_id IS NOT NULL AND n.public_id IS DISTINCT FROM o.public_id));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER activity_lists_after_insert AFTER INSERT ON activity_responsibles
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_lists();
CREATE TRIGGER activity_lists_after_update AFTER UPDATE ON activity_responsibles
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_lists();
CREATE TRIGGER activity_lists_after_delete AFTER DELETE ON activity_responsibles
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_lists();

-- Citations of other kinds have no activity: `activity_id` is null there and refreshes nothing.
CREATE TRIGGER activity_lists_after_insert AFTER INSERT ON citations
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_lists();
CREATE TRIGGER activity_lists_after_update AFTER UPDATE ON citations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_lists();
CREATE TRIGGER activity_lists_after_delete AFTER DELETE ON citations
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_lists();

CREATE TRIGGER activity_lists_after_update AFTER UPDATE ON organizations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_lists_named();
CREATE TRIGGER activity_lists_after_update AFTER UPDATE ON sources
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_lists_named();

SELECT refresh_activity_lists_of(ARRAY(
    SELECT activity_id FROM activity_responsibles
    UNION SELECT activity_id FROM citations WHERE activity_id IS NOT NULL));
