//! Helpers some modules share: CSV and list walking, copies of the dataset to edit, HTML.
#![allow(dead_code)]

pub mod datasets;
pub mod html;
pub mod lists;
