//! Price catalogs: loading `pricing/*.csv`, versioning, lookup. (Issue 3 fills this in.)
