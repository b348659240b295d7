-- An activity's current status kept on the activity, so that lists filter, sort and count by it
-- without reading status events row by row. Triggers on the events keep it, in the same
-- transaction as the write, whoever writes (the importer, an editor, a test); `as_of` still
-- answers from the events.
ALTER TABLE activities
    ADD COLUMN status text NOT NULL DEFAULT 'unknown'
        CHECK (status IN ('planned', 'in_progress', 'completed', 'cancelled', 'unknown')),
    ADD COLUMN status_since date;

-- The latest event decides (by effective day, then by the order of writing), as in the queries.
CREATE FUNCTION refresh_activity_statuses_of(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE activities x
    SET status = coalesce(cur.status, 'unknown'), status_since = cur.effective_on
    FROM unnest(ids) AS a(id)
    LEFT JOIN LATERAL (
        SELECT e.status, e.effective_on FROM activity_status_events e
        WHERE e.activity_id = a.id ORDER BY e.effective_on DESC, e.id DESC LIMIT 1
    ) cur ON true
    WHERE x.id = a.id
      AND (x.status, x.status_since) IS DISTINCT FROM (coalesce(cur.status, 'unknown'), cur.effective_on);
$$;

-- Statement-level: an import of many events updates each activity once.
CREATE FUNCTION refresh_activity_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM refresh_activity_statuses_of(ARRAY(SELECT DISTINCT activity_id FROM new_events));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM refresh_activity_statuses_of(ARRAY(SELECT DISTINCT activity_id FROM old_events));
    ELSE
        PERFORM refresh_activity_statuses_of(ARRAY(
            SELECT activity_id FROM new_events UNION SELECT activity_id FROM old_events));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER activity_statuses_after_insert AFTER INSERT ON activity_status_events
    REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_statuses();
CREATE TRIGGER activity_statuses_after_update AFTER UPDATE ON activity_status_events
    REFERENCING OLD TABLE AS old_events NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_statuses();
CREATE TRIGGER activity_statuses_after_delete AFTER DELETE ON activity_status_events
    REFERENCING OLD TABLE AS old_events
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_statuses();

SELECT refresh_activity_statuses_of(ARRAY(SELECT DISTINCT activity_id FROM activity_status_events));

-- Filters and sorts by status page through this index in id order.
CREATE INDEX activities_status_idx ON activities (status, public_id);
