-- The pledge tree with the fields the GraphQL benchmark query asks for (and PostGraphile answers):
-- pledge, focus areas with themes, activities with status; for the pgbench reference in bench/peers.sh.
\set k random(:lo, :hi)
SELECT jsonb_build_object(
  'id', p.public_id, 'title', p.title, 'period_start', p.period_start, 'period_end', p.period_end,
  'municipality', jsonb_build_object('id', o.public_id, 'name', m.name, 'code', m.code),
  'focus_areas', (SELECT coalesce(jsonb_agg(jsonb_build_object(
      'id', f.public_id, 'title', f.title, 'description', f.description,
      'themes', ARRAY(SELECT t.code FROM focus_area_themes ft JOIN themes t ON t.id = ft.theme_id
                      WHERE ft.focus_area_id = f.id ORDER BY t.position),
      'activities', (SELECT coalesce(jsonb_agg(jsonb_build_object(
          'id', x.public_id, 'title', x.title, 'status', x.status, 'status_since', x.status_since)
          ORDER BY x.position), '[]') FROM activities x WHERE x.focus_area_id = f.id))
      ORDER BY f.position), '[]') FROM focus_areas f WHERE f.pledge_id = p.id))
FROM pledges p JOIN municipalities m ON m.organization_id = p.municipality_id
JOIN organizations o ON o.id = m.organization_id WHERE p.id = :k;
