//! What an exported table is made of: columns with their Table Schema types, keys, and the
//! builders `tables` declares its tables with.

/// A Table Schema field type (Frictionless).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    Date,
    Boolean,
}

impl FieldType {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Date => "date",
            FieldType::Boolean => "boolean",
        }
    }
}

/// One column: its name, type, whether every row has a value, and what it holds.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: FieldType,
    pub required: bool,
    pub description: &'static str,
}

/// A foreign key: `fields` of this table name a row of table `resource` by its `reference` columns.
#[derive(Debug, Clone, Copy)]
pub struct ForeignKey {
    pub fields: &'static [&'static str],
    pub resource: &'static str,
    pub reference: &'static [&'static str],
}

/// An exported table.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// The file stem and data package resource name: `focus-areas` gives `focus-areas.csv`.
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub columns: &'static [Column],
    pub primary_key: &'static [&'static str],
    pub foreign_keys: &'static [ForeignKey],
}

pub(super) const fn req(name: &'static str, kind: FieldType, description: &'static str) -> Column {
    Column {
        name,
        kind,
        required: true,
        description,
    }
}

pub(super) const fn opt(name: &'static str, kind: FieldType, description: &'static str) -> Column {
    Column {
        name,
        kind,
        required: false,
        description,
    }
}

pub(super) const fn fk(
    fields: &'static [&'static str],
    resource: &'static str,
    reference: &'static [&'static str],
) -> ForeignKey {
    ForeignKey {
        fields,
        resource,
        reference,
    }
}
