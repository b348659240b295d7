//! Database names, and whether a database exists.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use super::BootstrapError;

#[derive(QueryableByName)]
struct Found {
    #[diesel(sql_type = Bool)]
    found: bool,
}

pub(super) fn database_exists(
    conn: &mut PgConnection,
    name: &str,
    url: &str,
) -> Result<bool, BootstrapError> {
    let sql = "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS found";
    diesel::sql_query(sql)
        .bind::<Text, _>(name)
        .get_result::<Found>(conn)
        .map(|row| row.found)
        .map_err(|error| BootstrapError::Query {
            sql: sql.to_string(),
            url: url.to_string(),
            error,
        })
}

pub(super) fn check_name(name: &str) -> Result<(), BootstrapError> {
    let reason = if name.is_empty() {
        "empty"
    } else if name.contains('\0') {
        "contains a NUL character"
    } else if name.len() > 63 {
        "longer than PostgreSQL's 63 bytes"
    } else {
        return Ok(());
    };
    Err(BootstrapError::InvalidName {
        name: name.to_string(),
        reason,
    })
}

/// Quote an SQL identifier: `"` doubled inside double quotes.
pub(super) fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
    }
}
