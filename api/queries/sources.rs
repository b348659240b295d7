use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, Date, Nullable, Text};

/// A document facts were taken from.
#[derive(Debug, Clone, QueryableByName)]
pub struct SourceRow {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Text)]
    pub publisher: String,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Nullable<Date>)]
    pub published_on: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Text>)]
    pub url: Option<String>,
    #[diesel(sql_type = Text)]
    pub language: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub note: Option<String>,
    #[diesel(sql_type = Text)]
    pub sort_key: String,
}

/// Sources; `{sort_key}` is a text expression over `s`.
pub fn select(sort_key: &str) -> String {
    format!(
        "SELECT s.public_id AS id, s.title, s.publisher, s.kind, s.published_on, s.url, s.language, s.note,
                {sort_key} AS sort_key
         FROM sources s"
    )
}

/// These sources, by public id, in id order.
pub fn by_ids(conn: &mut PgConnection, ids: &[String]) -> QueryResult<Vec<SourceRow>> {
    diesel::sql_query(format!(
        "{} WHERE s.public_id = ANY($1) ORDER BY s.public_id",
        select("s.public_id")
    ))
    .bind::<Array<Text>, _>(ids)
    .load(conn)
}
