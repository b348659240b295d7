use diesel::pg::PgConnection;
use diesel::prelude::*;

/// A round trip to the database.
pub fn ping(conn: &mut PgConnection) -> QueryResult<()> {
    diesel::sql_query("SELECT 1").execute(conn).map(|_| ())
}
