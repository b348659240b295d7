DROP TRIGGER activity_year_tallies_after_update ON pledges;
DROP FUNCTION refresh_activity_year_tallies();
DROP TABLE activity_year_theme_totals, activity_year_totals;
ALTER TABLE activity_tallies DROP COLUMN first_year, DROP COLUMN last_year;
ALTER TABLE activity_theme_tallies DROP COLUMN first_year, DROP COLUMN last_year;
CREATE OR REPLACE FUNCTION refresh_activity_tallies_of(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('activity_tallies'));

    UPDATE activity_totals t SET n = t.n - d.n
    FROM (SELECT status, sum(n) AS n FROM activity_tallies
          WHERE pledge_id = ANY(ids) GROUP BY status) d
    WHERE t.status = d.status;
    UPDATE activity_theme_totals t SET n = t.n - d.n
    FROM (SELECT theme_id, status, sum(n) AS n FROM activity_theme_tallies
          WHERE pledge_id = ANY(ids) GROUP BY theme_id, status) d
    WHERE t.theme_id = d.theme_id AND t.status = d.status;
    DELETE FROM activity_tallies WHERE pledge_id = ANY(ids);
    DELETE FROM activity_theme_tallies WHERE pledge_id = ANY(ids);

    INSERT INTO activity_tallies (pledge_id, status, n)
    SELECT x.pledge_id, x.status, count(*) FROM activities x
    WHERE x.pledge_id = ANY(ids) GROUP BY x.pledge_id, x.status;
    INSERT INTO activity_theme_tallies (pledge_id, theme_id, status, n)
    SELECT x.pledge_id, ft.theme_id, x.status, count(*)
    FROM activities x JOIN focus_area_themes ft ON ft.focus_area_id = x.focus_area_id
    WHERE x.pledge_id = ANY(ids) GROUP BY x.pledge_id, ft.theme_id, x.status;

    INSERT INTO activity_totals (status, n)
    SELECT status, sum(n) FROM activity_tallies WHERE pledge_id = ANY(ids) GROUP BY status
    ON CONFLICT (status) DO UPDATE SET n = activity_totals.n + excluded.n;
    INSERT INTO activity_theme_totals (theme_id, status, n)
    SELECT theme_id, status, sum(n) FROM activity_theme_tallies
    WHERE pledge_id = ANY(ids) GROUP BY theme_id, status
    ON CONFLICT (theme_id, status) DO UPDATE SET n = activity_theme_totals.n + excluded.n;
END
$$;
