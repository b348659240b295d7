-- The REST answer's rows as the server's tree statement reads them (queries::pledges::tree, whole
-- detail, as logged by PostgreSQL): the pledge's row with its focus areas' and activities' rows
-- as JSON arrays, the columns they share with the pledge left to the server; for bench/peers.sh.
-- The pledge is picked by its key here (pgbench draws numbers), by its public id in the server.
\set k random(:lo, :hi)
SELECT p.public_id AS id, p.title, o.public_id AS municipality_id, m.name AS municipality_name,
                m.code AS municipality_code, a.public_id AS agreement_id,
                p.period_start, p.period_end, p.period_precision, p.published_on, p.summary, p.note,
                p.inferred, ARRAY(SELECT DISTINCT t.code FROM focus_areas f
                   JOIN focus_area_themes ft ON ft.focus_area_id = f.id JOIN themes t ON t.id = ft.theme_id
                   WHERE f.pledge_id = p.id ORDER BY t.code) AS themes, (SELECT count(*) FROM focus_areas f WHERE f.pledge_id = p.id) AS focus_area_count,
                ARRAY(SELECT x.status FROM activities x WHERE x.pledge_id = p.id) AS activity_statuses, ARRAY(SELECT s.public_id FROM citations c JOIN sources s ON s.id = c.source_id
               WHERE c.pledge_id = p.id ORDER BY s.public_id) AS sources,
                p.public_id AS sort_key, FALSE AS lean, (SELECT coalesce(json_agg(r ORDER BY r.position), '[]')::text FROM (SELECT f.public_id AS id, 
                f.position, f.title, f.description, f.goals AS goals,
                ARRAY(SELECT t.code FROM focus_area_themes ft JOIN themes t ON t.id = ft.theme_id
                      WHERE ft.focus_area_id = f.id ORDER BY t.position) AS themes,
                (SELECT count(*) FROM activities x WHERE x.focus_area_id = f.id) AS activity_count,
                ARRAY(SELECT s.public_id FROM citations c JOIN sources s ON s.id = c.source_id
               WHERE c.focus_area_id = f.id ORDER BY s.public_id) AS sources,
                lpad(f.position::text, 10, '0') AS sort_key, FALSE AS lean FROM focus_areas f WHERE f.pledge_id = p.id) r) AS focus_areas, (SELECT coalesce(json_agg(r ORDER BY r.position), '[]')::text FROM (SELECT x.public_id AS id, coalesce(f.public_id, (SELECT f2.public_id FROM focus_areas f2 WHERE f2.id = x.focus_area_id)) AS focus_area_id, 
                x.position, x.title, x.description AS description,
                coalesce(cur.status, 'unknown') AS status, cur.effective_on AS status_since,
                x.responsible AS responsible,
                x.planned_start AS planned_start, x.planned_end AS planned_end,
                x.due_on AS due_on, x.note AS note,
                x.sources AS sources,
                lpad(x.position::text, 10, '0') AS sort_key, FALSE AS lean
         FROM activities x
         LEFT JOIN (SELECT f.id, f.public_id FROM focus_areas f WHERE f.pledge_id = p.id) f
           ON f.id = x.focus_area_id
         CROSS JOIN LATERAL (SELECT nullif(x.status, 'unknown') AS status, x.status_since AS effective_on) cur
         WHERE x.pledge_id = p.id) r) AS activities, NULL::text AS theme_rows
         FROM pledges p
         JOIN municipalities m ON m.organization_id = p.municipality_id
         JOIN organizations o ON o.id = m.organization_id
         LEFT JOIN agreements a ON a.id = p.agreement_id WHERE p.id = :k;
