-- The days each status event held, so that `status` filters on a past day (`as_of`) read an
-- index instead of finding every activity's latest event by then, one activity at a time.
-- An event holds from its day until the next event of its activity (by day, then by the order of
-- writing, as everywhere else) takes over; the latest holds on. An event followed on its own day
-- holds on no day. Kept by the triggers that keep the current status, in the same transaction.
CREATE TABLE activity_status_periods (
    event_id bigint PRIMARY KEY,
    activity_id bigint NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    status text NOT NULL,
    held_from date NOT NULL,
    -- Exclusive; NULL while no later event exists.
    held_until date
);

-- The activities with these statuses on a day: the periods of those statuses begun by then.
CREATE INDEX activity_status_periods_status_idx
    ON activity_status_periods (status, held_from) INCLUDE (held_until, activity_id);
-- Whether an activity had any event by a day (`unknown` before its first).
CREATE INDEX activity_status_periods_activity_idx ON activity_status_periods (activity_id, held_from);

CREATE OR REPLACE FUNCTION refresh_activity_statuses_of(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE activities x
    SET status = coalesce(cur.status, 'unknown'), status_since = cur.effective_on
    FROM unnest(ids) AS a(id)
    LEFT JOIN LATERAL (
        SELECT e.status, e.effective_on FROM activity_status_events e
        WHERE e.activity_id = a.id ORDER BY e.effective_on DESC, e.id DESC LIMIT 1
    ) cur ON true
    WHERE x.id = a.id
      AND (x.status, x.status_since) IS DISTINCT FROM (coalesce(cur.status, 'unknown'), cur.effective_on);
    DELETE FROM activity_status_periods sp WHERE sp.activity_id = ANY(ids);
    INSERT INTO activity_status_periods (event_id, activity_id, status, held_from, held_until)
    SELECT e.id, e.activity_id, e.status, e.effective_on,
           lead(e.effective_on) OVER (PARTITION BY e.activity_id ORDER BY e.effective_on, e.id)
    FROM activity_status_events e
    WHERE e.activity_id = ANY(ids);
$$;

SELECT refresh_activity_statuses_of(ARRAY(SELECT DISTINCT activity_id FROM activity_status_events));
