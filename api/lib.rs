//! OpenPledges: cited open data on Swedish citizen pledges (medborgarlöften) and the cooperation
//! agreements between municipalities and the police, served over REST.

pub mod app;
pub mod cache;
pub mod config;
pub mod dataset;
pub mod db;
pub mod domain;
pub mod embed;
pub mod exports;
pub mod graphql;
pub mod guards;
pub mod http;
pub mod listener;
pub mod queries;
pub mod rest;
pub mod service;
pub mod state;
pub mod telemetry;
pub mod views;

#[cfg(test)]
mod layers;
