//! Plan vs actual tests.
