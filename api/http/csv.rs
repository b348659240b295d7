//! Lists as CSV: UTF-8, a header row, stable columns; nested values flattened into `|`-joined cells.

/// A record that flattens into one CSV row.
pub trait CsvRecord {
    /// Column names, stable across releases: add at the end, never reorder.
    const HEADERS: &'static [&'static str];
    fn fields(&self) -> Vec<String>;
}

/// Joins list values into one cell.
pub fn join<S: AsRef<str>>(values: &[S]) -> String {
    values
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join("|")
}

pub fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// `excel`: a UTF-8 BOM and `;` as separator, so Swedish Excel opens it with å, ä, ö intact.
pub fn write<T: CsvRecord>(rows: &[T], excel: bool) -> Result<Vec<u8>, csv::Error> {
    let mut w = writer(Vec::new(), excel)?;
    w.write_record(T::HEADERS)?;
    for r in rows {
        w.write_record(r.fields())?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Like [`write`], for tables whose columns are known only at run time (one per theme, say).
pub fn write_table(
    headers: &[String],
    rows: &[Vec<String>],
    excel: bool,
) -> Result<Vec<u8>, csv::Error> {
    let mut w = writer(Vec::new(), excel)?;
    w.write_record(headers)?;
    for r in rows {
        w.write_record(r)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// A CSV writer with the API's settings over `out`; `excel` writes the BOM first and uses `;`.
/// The bulk exports (`exports`) stream through the same settings.
pub fn writer<W: std::io::Write>(mut out: W, excel: bool) -> std::io::Result<csv::Writer<W>> {
    if excel {
        out.write_all("\u{feff}".as_bytes())?;
    }
    Ok(csv::WriterBuilder::new()
        .delimiter(if excel { b';' } else { b',' })
        .from_writer(out))
}
