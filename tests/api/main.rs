//! The integration suite, one binary (one link of the whole stack instead of one per file): the
//! service over real PostgreSQL, each test with a database of its own cloned from one template.

mod common;
mod support;

mod activities;
mod agreements;
mod as_of;
mod binary;
mod browser;
mod cache;
mod changes;
mod compare;
mod contract;
mod conventions;
mod dataset_facts;
mod dataset_mended;
mod dataset_rules;
mod db_bootstrap;
mod dcat;
mod embed;
mod embed_http;
mod events;
mod exports;
mod feeds;
mod focus_areas;
mod generated_client;
mod graphql;
mod hardening;
mod health;
mod http_conventions;
mod import;
mod meta;
mod migrations;
mod municipalities;
mod oembed;
mod openapi;
mod parity;
mod people;
mod pledges;
mod said;
mod search;
mod sources;
mod statements;
mod synthetic;
mod tallies;
mod themes;
