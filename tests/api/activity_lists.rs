//! An activity's responsible organizations and cited sources are kept on the activity (migration
//! `activity_lists`). They must equal what the link tables say after an import and through every
//! kind of write: links added and removed, organizations and sources renamed.

use diesel::prelude::*;

use crate::common::{count, TestDb};

/// Activities whose kept lists differ from the link tables, read with SQL written here.
fn drift(conn: &mut PgConnection) -> i64 {
    count(
        conn,
        "SELECT count(*) AS n FROM activities x
         LEFT JOIN (SELECT ar.activity_id, array_agg(r.public_id || '|' || r.name ORDER BY r.public_id || '|' || r.name) AS l
                    FROM activity_responsibles ar JOIN organizations r ON r.id = ar.organization_id
                    GROUP BY 1) resp ON resp.activity_id = x.id
         LEFT JOIN (SELECT c.activity_id, array_agg(s.public_id ORDER BY s.public_id) AS l
                    FROM citations c JOIN sources s ON s.id = c.source_id
                    WHERE c.activity_id IS NOT NULL GROUP BY 1) src ON src.activity_id = x.id
         WHERE x.responsible <> coalesce(resp.l, '{}') OR x.sources <> coalesce(src.l, '{}')",
    )
}

#[test]
fn kept_lists_equal_the_links_after_an_import() {
    for db in [TestDb::loaded(), TestDb::synthetic(3, 2, 7)] {
        let mut conn = db.conn();
        assert_eq!(drift(&mut conn), 0);
        let named = count(
            &mut conn,
            "SELECT count(*) AS n FROM activities WHERE responsible <> '{}' AND sources <> '{}'",
        );
        assert!(named > 0, "some activities name organizations and sources");
    }
}

#[test]
fn kept_lists_follow_every_kind_of_write() {
    let db = TestDb::synthetic(3, 2, 5);
    let mut conn = db.conn();
    let first = "(SELECT min(id) FROM activities)";
    let writes = [
        // A responsible organization added to an activity, and one taken away.
        format!(
            "INSERT INTO activity_responsibles (activity_id, organization_id)
             SELECT {first}, o.id FROM organizations o
             WHERE o.id NOT IN (SELECT organization_id FROM activity_responsibles WHERE activity_id = {first})
             ORDER BY o.id LIMIT 2"
        ),
        format!(
            "DELETE FROM activity_responsibles WHERE activity_id = {first}
             AND organization_id = (SELECT min(organization_id) FROM activity_responsibles WHERE activity_id = {first})"
        ),
        // A link moved from one activity to another.
        format!(
            "UPDATE activity_responsibles SET activity_id = {first}
             WHERE (activity_id, organization_id) = (SELECT activity_id, organization_id
               FROM activity_responsibles WHERE activity_id <> {first}
                 AND organization_id NOT IN (SELECT organization_id FROM activity_responsibles WHERE activity_id = {first})
               ORDER BY 1, 2 LIMIT 1)"
        ),
        // A source cited, a citation removed, a citation moved to another activity.
        "INSERT INTO sources (public_id, title, publisher, kind, published_on, url, no_url_reason, language)
             SELECT 'a-test-source', title, publisher, kind, published_on, url, no_url_reason, language
             FROM sources ORDER BY id LIMIT 1"
            .to_owned(),
        format!(
            "INSERT INTO citations (source_id, activity_id)
             SELECT (SELECT id FROM sources WHERE public_id = 'a-test-source'), {first}"
        ),
        "DELETE FROM citations WHERE id = (SELECT max(id) FROM citations WHERE activity_id IS NOT NULL
           AND source_id <> (SELECT id FROM sources WHERE public_id = 'a-test-source'))"
            .to_owned(),
        "UPDATE citations SET activity_id = (SELECT max(id) FROM activities)
         WHERE source_id = (SELECT id FROM sources WHERE public_id = 'a-test-source')"
            .to_owned(),
        // An organization renamed, and a source given a new id.
        format!(
            "UPDATE organizations SET name = name || ' (ny)'
             WHERE id = (SELECT min(organization_id) FROM activity_responsibles WHERE activity_id <> {first})"
        ),
        "UPDATE sources SET public_id = 'a-renamed-source' WHERE public_id = 'a-test-source'".to_owned(),
        // Activities deleted, their links with them.
        "DELETE FROM activities WHERE id IN (SELECT id FROM activities ORDER BY id DESC LIMIT 3)"
            .to_owned(),
    ];
    for sql in &writes {
        let changed = diesel::sql_query(sql).execute(&mut conn).unwrap();
        assert!(changed > 0, "the write changed nothing: {sql}");
        assert_eq!(drift(&mut conn), 0, "kept lists after: {sql}");
    }
    let renamed = count(
        &mut conn,
        "SELECT count(*) AS n FROM activities WHERE 'a-renamed-source' = ANY(sources)
           OR EXISTS (SELECT 1 FROM unnest(responsible) r WHERE r LIKE '% (ny)')",
    );
    assert!(
        renamed >= 2,
        "the renamed organization and source are read from the activities"
    );
}
