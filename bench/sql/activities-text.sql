-- The database's own limit for a text query's page of 50 activities with its exact total, for the
-- pgbench reference in bench/peers.sh: the ten words of bench/wrk/rotate.lua, each as a stemmed
-- prefix (without the thesaurus words the server adds, so a little less than the server matches),
-- the page in id order and the count, in one statement. Run with sequential scans off and plans
-- made for the values, as the server runs its text queries (PGOPTIONS in bench/peers.sh).
\set w random(1, 10)
SELECT ARRAY(SELECT x.public_id FROM activities x WHERE x.search @@ q.q ORDER BY x.public_id LIMIT 50) AS ids,
       (SELECT count(*) FROM activities x WHERE x.search @@ q.q) AS n
FROM (SELECT to_tsquery('swedish', (ARRAY['belysning', 'alkohol', 'trygghetsvandring', 'skolan', 'brott',
        'narkotika', 'samverkan', 'trygghet', 'ungdomar', 'polisen'])[:w] || ':*') AS q) q;
