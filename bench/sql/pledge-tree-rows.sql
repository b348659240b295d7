-- The REST answer's rows as the server's tree statement reads them (queries::pledges::tree): the
-- pledge's row with its focus areas' and activities' rows as JSON arrays; for bench/peers.sh.
\set k random(:lo, :hi)
SELECT p.public_id AS id, p.title, o.public_id AS municipality_id, m.name AS municipality_name,
  m.code AS municipality_code, a.public_id AS agreement_id, p.period_start, p.period_end, p.period_precision, p.published_on, p.summary, p.note,
  ARRAY(SELECT DISTINCT t.code FROM focus_areas f JOIN focus_area_themes ft ON ft.focus_area_id = f.id JOIN themes t ON t.id = ft.theme_id WHERE f.pledge_id = p.id ORDER BY t.code) AS themes,
  (SELECT count(*) FROM focus_areas f WHERE f.pledge_id = p.id) AS focus_area_count,
  ARRAY(SELECT x.status FROM activities x WHERE x.pledge_id = p.id) AS activity_statuses,
  ARRAY(SELECT s.public_id FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.pledge_id = p.id ORDER BY s.public_id) AS sources,
  (SELECT coalesce(json_agg(r), '[]') FROM (
     SELECT f.public_id AS id, 'pledge' AS parent_type, p.public_id AS parent_id, o.public_id AS municipality_id, m.name AS municipality_name, m.code AS municipality_code,
       f.position, f.title, f.description, f.goals,
       ARRAY(SELECT t.code FROM focus_area_themes ft JOIN themes t ON t.id = ft.theme_id WHERE ft.focus_area_id = f.id ORDER BY t.position) AS themes,
       (SELECT count(*) FROM activities x WHERE x.focus_area_id = f.id) AS activity_count,
       ARRAY(SELECT s.public_id FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.focus_area_id = f.id ORDER BY s.public_id) AS sources
     FROM focus_areas f WHERE f.pledge_id = p.id ORDER BY f.position) r) AS focus_areas,
  (SELECT coalesce(json_agg(r), '[]') FROM (
     SELECT x.public_id AS id, p.public_id AS pledge_id, f.public_id AS focus_area_id, o.public_id AS municipality_id, m.name AS municipality_name, m.code AS municipality_code,
       x.position, x.title, x.description, x.status, x.status_since,
       ARRAY(SELECT (SELECT r.public_id || '|' || r.name FROM organizations r WHERE r.id = ar.organization_id) AS o FROM activity_responsibles ar WHERE ar.activity_id = x.id ORDER BY 1) AS responsible,
       x.planned_start, x.planned_end, x.due_on, x.note,
       ARRAY(SELECT s.public_id FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.activity_id = x.id ORDER BY s.public_id) AS sources
     FROM activities x LEFT JOIN focus_areas f ON f.id = x.focus_area_id WHERE x.pledge_id = p.id ORDER BY x.position) r) AS activities
FROM pledges p JOIN municipalities m ON m.organization_id = p.municipality_id JOIN organizations o ON o.id = m.organization_id
LEFT JOIN agreements a ON a.id = p.agreement_id WHERE p.id = :k;
