//! The salsa database and its inputs.

use std::sync::{Arc, Mutex};

/// One policy file. `path` is relative to the policies folder (`2023/listning.regel`).
#[salsa::input(debug)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// One yearly version: a folder of files. `name` is the folder's name (`2023`).
#[salsa::input(debug)]
pub struct Version {
    pub name: String,
    pub files: Vec<SourceFile>,
}

/// The compiler's queries need nothing beyond salsa's own database.
#[salsa::db]
pub trait Db: salsa::Database {}

/// Names of the queries that executed, in order, when logging is on.
pub type ExecutionLog = Arc<Mutex<Vec<String>>>;

#[salsa::db]
#[derive(Clone, Default)]
pub struct Database {
    storage: salsa::Storage<Self>,
}

#[salsa::db]
impl salsa::Database for Database {}

#[salsa::db]
impl Db for Database {}

impl Database {
    /// A database that records every query execution (salsa's `WillExecute` event) in the
    /// returned log; tests use it to prove what an edit re-ran.
    pub fn with_execution_log() -> (Database, ExecutionLog) {
        let log = ExecutionLog::default();
        let sink = log.clone();
        let storage = salsa::Storage::new(Some(Box::new(move |event: salsa::Event| {
            if let salsa::EventKind::WillExecute { database_key } = event.kind
                && let Ok(mut log) = sink.lock()
            {
                log.push(format!("{database_key:?}"));
            }
        })));
        (Database { storage }, log)
    }
}
