//! firecover: an emergency-dispatch and fire-station-coverage simulator.
//!
//! Data flow (see `DESIGN.md`): a scenario file is loaded and validated into a
//! typed [`scenario::Scenario`]; its road network and resources are compiled
//! into a [`model::Model`] of dense ids and precomputed travel tables; the
//! [`montecarlo`] driver runs [`engine`] replications over rayon and merges
//! their tallies into a [`montecarlo::Summary`], which [`report`] renders.

#![warn(missing_docs)]

pub mod atomic_file;
pub mod builtin;
pub mod compare;
pub mod coverage;
pub mod demand;
pub mod dispatch;
pub mod engine;
pub mod html;
pub mod i18n;
pub mod ids;
pub mod indicators;
pub mod input;
pub mod labels;
pub mod model;
pub mod montecarlo;
pub mod network;
mod prefetch;
pub mod report;
pub mod scenario;
pub mod sealed;
pub mod siting;
pub mod stats;
pub mod sweep;
pub mod text_wrap;
