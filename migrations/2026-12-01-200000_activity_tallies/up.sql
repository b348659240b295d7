-- Exact totals of activity lists without counting activities: how many activities each pledge
-- holds per status (and per theme of their focus area and status), and the same over all pledges.
-- A list's total sums the rows of the pledges its filter picks (by municipality, year, active
-- day), or reads the overall rows. Statement-level triggers keep them in the writer's transaction.
--
-- No foreign key to pledges: when a pledge is deleted its rows must still be there for the
-- activities' trigger to take them out of the overall totals.
CREATE TABLE activity_tallies (
    pledge_id bigint NOT NULL,
    status    text NOT NULL,
    n         integer NOT NULL CHECK (n > 0),
    PRIMARY KEY (pledge_id, status) INCLUDE (n)
);
CREATE TABLE activity_theme_tallies (
    pledge_id bigint NOT NULL,
    theme_id  bigint NOT NULL REFERENCES themes (id),
    status    text NOT NULL,
    n         integer NOT NULL CHECK (n > 0),
    PRIMARY KEY (pledge_id, theme_id, status) INCLUDE (n)
);
CREATE TABLE activity_totals (
    status text PRIMARY KEY,
    n      bigint NOT NULL CHECK (n >= 0)
);
CREATE TABLE activity_theme_totals (
    theme_id bigint NOT NULL REFERENCES themes (id),
    status   text NOT NULL,
    n        bigint NOT NULL CHECK (n >= 0),
    PRIMARY KEY (theme_id, status)
);

-- Recounts these pledges from their activities and moves the difference into the totals. One
-- writer at a time (a transaction-level lock), so totals cannot race.
CREATE FUNCTION refresh_activity_tallies_of(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
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

CREATE FUNCTION refresh_activity_tallies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM refresh_activity_tallies_of(ARRAY(SELECT DISTINCT pledge_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM refresh_activity_tallies_of(ARRAY(SELECT DISTINCT pledge_id FROM old_rows));
    ELSE
        PERFORM refresh_activity_tallies_of(ARRAY(
            SELECT n.pledge_id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.pledge_id, n.focus_area_id, n.status)
                  IS DISTINCT FROM (o.pledge_id, o.focus_area_id, o.status)
            UNION
            SELECT o.pledge_id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.pledge_id, n.focus_area_id, n.status)
                  IS DISTINCT FROM (o.pledge_id, o.focus_area_id, o.status)));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER activity_tallies_after_insert AFTER INSERT ON activities
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_tallies();
CREATE TRIGGER activity_tallies_after_update AFTER UPDATE ON activities
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_tallies();
CREATE TRIGGER activity_tallies_after_delete AFTER DELETE ON activities
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_tallies();

-- A focus area's themes decide which theme rows its activities count in.
CREATE FUNCTION refresh_activity_theme_tallies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM refresh_activity_tallies_of(ARRAY(
            SELECT DISTINCT x.pledge_id FROM activities x
            WHERE x.focus_area_id IN (SELECT focus_area_id FROM new_rows)));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM refresh_activity_tallies_of(ARRAY(
            SELECT DISTINCT x.pledge_id FROM activities x
            WHERE x.focus_area_id IN (SELECT focus_area_id FROM old_rows)));
    ELSE
        PERFORM refresh_activity_tallies_of(ARRAY(
            SELECT DISTINCT x.pledge_id FROM activities x
            WHERE x.focus_area_id IN (SELECT focus_area_id FROM new_rows
                                      UNION SELECT focus_area_id FROM old_rows)));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER activity_theme_tallies_after_insert AFTER INSERT ON focus_area_themes
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_theme_tallies();
CREATE TRIGGER activity_theme_tallies_after_update AFTER UPDATE ON focus_area_themes
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_theme_tallies();
CREATE TRIGGER activity_theme_tallies_after_delete AFTER DELETE ON focus_area_themes
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_theme_tallies();

SELECT refresh_activity_tallies_of(ARRAY(SELECT DISTINCT pledge_id FROM activities));


-- A page of activities whose filter picks pledges (municipality, year, active day) reads their
-- ids from this index alone, with status and theme (through the focus area) checked there too.
CREATE INDEX activities_by_pledge_idx ON activities (pledge_id, status) INCLUDE (focus_area_id, public_id);
-- A page in id order walks the id index and checks pledge, status and focus area there, without
-- reading the rows it passes over.
ALTER TABLE activities
    DROP CONSTRAINT activities_public_id_key,
    ADD CONSTRAINT activities_public_id_key UNIQUE (public_id) INCLUDE (pledge_id, status, focus_area_id);

-- Periods as ranges (see `sql::period_range`): a year or a day meets few of them, and these
-- indexes find those few and give the planner the statistics to know it (not partial: PostgreSQL
-- ignores the statistics of partial indexes).
CREATE INDEX pledges_period_range_idx ON pledges USING gist (daterange(period_start, period_end, '[]'));
CREATE INDEX agreements_period_range_idx ON agreements USING gist (daterange(period_start, period_end, '[]'));
