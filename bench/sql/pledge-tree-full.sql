-- The REST answer `/v1/pledges/{id}?include=focus_areas,activities` built as JSON by one statement:
-- every field the answer holds, for the pgbench reference in bench/peers.sh (-D lo=… -D hi=…).
\set k random(:lo, :hi)
SELECT jsonb_build_object(
  'id', p.public_id, 'title', p.title,
  'municipality', jsonb_build_object('id', o.public_id, 'name', m.name, 'code', m.code),
  'agreement_id', a.public_id,
  'period', jsonb_build_object('start', p.period_start, 'end', p.period_end, 'precision', p.period_precision),
  'published_on', p.published_on, 'summary', p.summary, 'note', p.note,
  'themes', ARRAY(SELECT DISTINCT t.code FROM focus_areas f JOIN focus_area_themes ft ON ft.focus_area_id = f.id
                  JOIN themes t ON t.id = ft.theme_id WHERE f.pledge_id = p.id ORDER BY t.code),
  'focus_area_count', (SELECT count(*) FROM focus_areas f WHERE f.pledge_id = p.id),
  'status_counts', (SELECT jsonb_object_agg(s.status, s.n) FROM
                      (SELECT x.status, count(*) AS n FROM activities x WHERE x.pledge_id = p.id GROUP BY 1) s),
  'sources', ARRAY(SELECT s.public_id FROM citations c JOIN sources s ON s.id = c.source_id
                   WHERE c.pledge_id = p.id ORDER BY s.public_id),
  'focus_areas', (SELECT coalesce(jsonb_agg(jsonb_build_object(
      'id', f.public_id, 'parent', jsonb_build_object('type', 'pledge', 'id', p.public_id),
      'municipality', jsonb_build_object('id', o.public_id, 'name', m.name, 'code', m.code),
      'position', f.position, 'title', f.title, 'description', f.description, 'goals', f.goals,
      'themes', ARRAY(SELECT t.code FROM focus_area_themes ft JOIN themes t ON t.id = ft.theme_id
                      WHERE ft.focus_area_id = f.id ORDER BY t.position),
      'activity_count', (SELECT count(*) FROM activities x WHERE x.focus_area_id = f.id),
      'sources', ARRAY(SELECT s.public_id FROM citations c JOIN sources s ON s.id = c.source_id
                       WHERE c.focus_area_id = f.id ORDER BY s.public_id))
      ORDER BY f.position), '[]') FROM focus_areas f WHERE f.pledge_id = p.id),
  'activities', (SELECT coalesce(jsonb_agg(jsonb_build_object(
      'id', x.public_id, 'pledge_id', p.public_id, 'focus_area_id', f.public_id,
      'municipality', jsonb_build_object('id', o.public_id, 'name', m.name, 'code', m.code),
      'position', x.position, 'title', x.title, 'description', x.description,
      'status', x.status, 'status_since', x.status_since,
      'responsible', ARRAY(SELECT (SELECT jsonb_build_object('id', r.public_id, 'name', r.name)
                                   FROM organizations r WHERE r.id = ar.organization_id)
                           FROM activity_responsibles ar WHERE ar.activity_id = x.id),
      'planned_start', x.planned_start, 'planned_end', x.planned_end, 'due_on', x.due_on, 'note', x.note,
      'sources', ARRAY(SELECT s.public_id FROM citations c JOIN sources s ON s.id = c.source_id
                       WHERE c.activity_id = x.id ORDER BY s.public_id))
      ORDER BY x.position), '[]')
    FROM activities x LEFT JOIN focus_areas f ON f.id = x.focus_area_id WHERE x.pledge_id = p.id))
FROM pledges p JOIN municipalities m ON m.organization_id = p.municipality_id
JOIN organizations o ON o.id = m.organization_id
LEFT JOIN agreements a ON a.id = p.agreement_id WHERE p.id = :k;
