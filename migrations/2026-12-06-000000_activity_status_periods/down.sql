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
$$;
DROP TABLE activity_status_periods;
