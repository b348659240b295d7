use diesel::pg::PgConnection;
use diesel::prelude::*;

/// A round trip to the database.
pub fn ping(conn: &mut PgConnection) -> QueryResult<()> {
    crate::db::statement::statement("SELECT 1")
        .execute(conn)
        .map(|_| ())
}

#[derive(QueryableByName)]
struct Generation {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    g: i64,
}

/// The latest dataset version's id: it moves whenever an import writes something.
pub fn dataset_generation(conn: &mut PgConnection) -> QueryResult<i64> {
    crate::db::statement::statement("SELECT coalesce(max(id), 0)::int8 AS g FROM dataset_versions")
        .get_result::<Generation>(conn)
        .map(|r| r.g)
}
