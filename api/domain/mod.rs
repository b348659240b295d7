//! Types both interfaces share: public ids, statuses, periods. Parsing happens here, once, at the edge.

pub mod change;
pub mod filter;
pub mod ids;
pub mod inference;
pub mod period;
pub mod status;

pub use filter::Filter;
pub use ids::{MunicipalityKey, Slug};
pub use inference::Inference;
pub use period::{PartialDate, Period, Precision};
pub use status::Status;
