//! What the DCAT-AP catalogue says about the dataset: its releases, the time and places it covers.

use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, Nullable, Text};

use super::meta::{self, VersionRow};

/// The first release day, and the first and last day any agreement or pledge period covers.
#[derive(Debug, Clone, QueryableByName)]
pub struct CoverageRow {
    #[diesel(sql_type = Nullable<diesel::sql_types::Date>)]
    pub first_released_on: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Date>)]
    pub period_start: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Date>)]
    pub period_end: Option<NaiveDate>,
    /// Municipalities as `id|kommunkod|name`, by kommunkod.
    #[diesel(sql_type = Array<Text>)]
    pub municipalities: Vec<String>,
    /// Theme labels as `label_sv|label_en`, in display order.
    #[diesel(sql_type = Array<Text>)]
    pub themes: Vec<String>,
}

/// The facts of the catalogue, read in one snapshot.
pub fn facts(conn: &mut PgConnection) -> QueryResult<(Option<VersionRow>, CoverageRow)> {
    conn.build_transaction()
        .read_only()
        .repeatable_read()
        .run(|c| Ok((meta::version(c)?, coverage(c)?)))
}

fn coverage(conn: &mut PgConnection) -> QueryResult<CoverageRow> {
    crate::db::statement::statement(
        "SELECT (SELECT min(released_on) FROM dataset_versions) AS first_released_on,
                (SELECT min(d) FROM (SELECT period_start AS d FROM agreements
                                     UNION ALL SELECT period_start FROM pledges) s) AS period_start,
                (SELECT max(d) FROM (SELECT period_end AS d FROM agreements
                                     UNION ALL SELECT period_end FROM pledges) e) AS period_end,
                ARRAY(SELECT o.public_id || '|' || m.code || '|' || m.name FROM municipalities m
                      JOIN organizations o ON o.id = m.organization_id ORDER BY m.code) AS municipalities,
                ARRAY(SELECT label_sv || '|' || label_en FROM themes ORDER BY position, code) AS themes",
    )
    .get_result(conn)
}
