//! A value that is the dataset's judgement rather than a source's words, with the reason.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A value of this record that is the dataset's judgement rather than a source's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Inference {
    /// The field it concerns, as the dataset files name it (`publisher`, `agreement`, `organization`, …).
    #[schema(example = "publisher")]
    pub field: String,
    /// Why the dataset holds that value, in Swedish.
    pub reason: String,
}
