-- Totals of activity lists filtered by one year (alone, or with a theme or a status) without
-- summing every pledge of that year: the same tallies as `activity_tallies`, per calendar year.
-- A pledge counts in every year its period touches (both ends known), as the `year` filter reads
-- it, so the total for a year is the sum of that year's few rows.
--
-- Each pledge's rows remember the years they were counted in, so that they can be taken out of
-- the right years when the pledge's period changes.
ALTER TABLE activity_tallies ADD COLUMN first_year integer, ADD COLUMN last_year integer;
ALTER TABLE activity_theme_tallies ADD COLUMN first_year integer, ADD COLUMN last_year integer;

CREATE TABLE activity_year_totals (
    year   integer NOT NULL,
    status text NOT NULL,
    n      bigint NOT NULL CHECK (n >= 0),
    PRIMARY KEY (year, status) INCLUDE (n)
);
CREATE TABLE activity_year_theme_totals (
    year     integer NOT NULL,
    theme_id bigint NOT NULL REFERENCES themes (id),
    status   text NOT NULL,
    n        bigint NOT NULL CHECK (n >= 0),
    PRIMARY KEY (year, theme_id, status) INCLUDE (n)
);

-- As before, and each pledge's rows also in (and out of) the years of its period.
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
    UPDATE activity_year_totals t SET n = t.n - d.n
    FROM (SELECT y, status, sum(n) AS n FROM activity_tallies, generate_series(first_year, last_year) y
          WHERE pledge_id = ANY(ids) GROUP BY y, status) d
    WHERE t.year = d.y AND t.status = d.status;
    UPDATE activity_year_theme_totals t SET n = t.n - d.n
    FROM (SELECT y, theme_id, status, sum(n) AS n
          FROM activity_theme_tallies, generate_series(first_year, last_year) y
          WHERE pledge_id = ANY(ids) GROUP BY y, theme_id, status) d
    WHERE t.year = d.y AND t.theme_id = d.theme_id AND t.status = d.status;
    DELETE FROM activity_tallies WHERE pledge_id = ANY(ids);
    DELETE FROM activity_theme_tallies WHERE pledge_id = ANY(ids);

    -- A period with an end missing (or ends the wrong way round) touches no year.
    INSERT INTO activity_tallies (pledge_id, status, n, first_year, last_year)
    SELECT x.pledge_id, x.status, count(*), y.first_year, y.last_year
    FROM activities x JOIN pledges p ON p.id = x.pledge_id
    CROSS JOIN LATERAL (SELECT CASE WHEN p.period_start <= p.period_end
                                    THEN extract(year FROM p.period_start)::int END AS first_year,
                               CASE WHEN p.period_start <= p.period_end
                                    THEN extract(year FROM p.period_end)::int END AS last_year) y
    WHERE x.pledge_id = ANY(ids) GROUP BY x.pledge_id, x.status, y.first_year, y.last_year;
    INSERT INTO activity_theme_tallies (pledge_id, theme_id, status, n, first_year, last_year)
    SELECT x.pledge_id, ft.theme_id, x.status, count(*), y.first_year, y.last_year
    FROM activities x JOIN focus_area_themes ft ON ft.focus_area_id = x.focus_area_id
    JOIN pledges p ON p.id = x.pledge_id
    CROSS JOIN LATERAL (SELECT CASE WHEN p.period_start <= p.period_end
                                    THEN extract(year FROM p.period_start)::int END AS first_year,
                               CASE WHEN p.period_start <= p.period_end
                                    THEN extract(year FROM p.period_end)::int END AS last_year) y
    WHERE x.pledge_id = ANY(ids) GROUP BY x.pledge_id, ft.theme_id, x.status, y.first_year, y.last_year;

    INSERT INTO activity_totals (status, n)
    SELECT status, sum(n) FROM activity_tallies WHERE pledge_id = ANY(ids) GROUP BY status
    ON CONFLICT (status) DO UPDATE SET n = activity_totals.n + excluded.n;
    INSERT INTO activity_theme_totals (theme_id, status, n)
    SELECT theme_id, status, sum(n) FROM activity_theme_tallies
    WHERE pledge_id = ANY(ids) GROUP BY theme_id, status
    ON CONFLICT (theme_id, status) DO UPDATE SET n = activity_theme_totals.n + excluded.n;
    INSERT INTO activity_year_totals (year, status, n)
    SELECT y, status, sum(n) FROM activity_tallies, generate_series(first_year, last_year) y
    WHERE pledge_id = ANY(ids) GROUP BY y, status
    ON CONFLICT (year, status) DO UPDATE SET n = activity_year_totals.n + excluded.n;
    INSERT INTO activity_year_theme_totals (year, theme_id, status, n)
    SELECT y, theme_id, status, sum(n) FROM activity_theme_tallies, generate_series(first_year, last_year) y
    WHERE pledge_id = ANY(ids) GROUP BY y, theme_id, status
    ON CONFLICT (year, theme_id, status) DO UPDATE SET n = activity_year_theme_totals.n + excluded.n;
END
$$;

-- A pledge's period decides the years its activities count in.
CREATE FUNCTION refresh_activity_year_tallies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_activity_tallies_of(ARRAY(
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.period_start, n.period_end) IS DISTINCT FROM (o.period_start, o.period_end)));
    RETURN NULL;
END
$$;
CREATE TRIGGER activity_year_tallies_after_update AFTER UPDATE ON pledges
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_activity_year_tallies();

-- Counted afresh, with years.
DELETE FROM activity_tallies;
DELETE FROM activity_theme_tallies;
UPDATE activity_totals SET n = 0;
UPDATE activity_theme_totals SET n = 0;
SELECT refresh_activity_tallies_of(ARRAY(SELECT DISTINCT pledge_id FROM activities));
