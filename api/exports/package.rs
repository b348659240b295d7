//! The Frictionless data package descriptor (`datapackage.json`): the dataset's name, version,
//! licence and sources, and a tabular resource per CSV with its Table Schema.

use diesel::PgConnection;
use serde_json::{json, Map, Value};

use super::rows::each_row;
use super::tables::{self, Table, TABLES};
use crate::queries::meta::VersionRow;
use crate::views::meta::{LICENCE_ID, LICENCE_NAME, LICENCE_URL};

/// Stable across versions: `version` tells releases apart.
pub const PACKAGE_ID: &str = "urn:openpledges:dataset";

fn schema(table: &Table) -> Value {
    let fields: Vec<Value> = table
        .columns
        .iter()
        .map(|c| {
            let mut f = json!({
                "name": c.name,
                "type": c.kind.as_str(),
                "description": c.description,
            });
            if c.required {
                f["constraints"] = json!({ "required": true });
            }
            f
        })
        .collect();
    let foreign_keys: Vec<Value> = table
        .foreign_keys
        .iter()
        .map(|k| {
            // Table Schema names a reference to the same resource with "".
            let resource = if k.resource == table.name {
                ""
            } else {
                k.resource
            };
            json!({
                "fields": k.fields,
                "reference": { "resource": resource, "fields": k.reference },
            })
        })
        .collect();
    json!({
        "fields": fields,
        "primaryKey": table.primary_key,
        "foreignKeys": foreign_keys,
        "missingValues": [""],
    })
}

fn resource(table: &Table) -> Value {
    json!({
        "name": table.name,
        "path": format!("{}.csv", table.name),
        "profile": "tabular-data-resource",
        "title": table.title,
        "description": table.description,
        "format": "csv",
        "mediatype": super::CSV_TYPE,
        "encoding": "utf-8",
        "dialect": { "delimiter": ",", "header": true },
        "schema": schema(table),
    })
}

/// The descriptor for the data the connection sees; `version` is the dataset it holds, if any.
pub fn descriptor(conn: &mut PgConnection, version: Option<&VersionRow>) -> anyhow::Result<Value> {
    let mut sources = Vec::new();
    let table = tables::by_name("sources").ok_or_else(|| anyhow::anyhow!("no sources table"))?;
    let col = |name: &str| table.columns.iter().position(|c| c.name == name);
    let (title, url) = (col("title"), col("url"));
    each_row(conn, table, |row| {
        let mut s = Map::new();
        if let Some(t) = title.and_then(|i| row.get(i)).filter(|v| !v.is_null()) {
            s.insert("title".into(), t.clone());
        }
        if let Some(u) = url.and_then(|i| row.get(i)).filter(|v| !v.is_null()) {
            s.insert("path".into(), u.clone());
        }
        sources.push(Value::Object(s));
        Ok(())
    })?;
    let mut package = json!({
        "profile": "tabular-data-package",
        "name": "openpledges",
        "id": PACKAGE_ID,
        "title": "OpenPledges: Swedish citizen pledges and police–municipality cooperation agreements",
        "description": "Medborgarlöften and samverkansöverenskommelser between Swedish municipalities and the police, with focus areas, activities and their status history, each record citing its sources. Join other statistics on municipality_code (SCB kommunkod).",
        "licenses": [{ "name": LICENCE_ID, "path": LICENCE_URL, "title": LICENCE_NAME }],
        "sources": sources,
        "resources": TABLES.iter().map(resource).collect::<Vec<_>>(),
    });
    if let Some(v) = version {
        package["version"] = json!(v.version);
        // The release day, not the import time: every copy of one version has the same descriptor.
        package["created"] = json!(format!("{}T00:00:00Z", v.released_on));
    }
    Ok(package)
}
