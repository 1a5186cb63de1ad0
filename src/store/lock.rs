//! Our own lock file next to the database, so a second process gets a clear message.
