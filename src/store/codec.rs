//! Versioned record envelope: format byte, schema version, revision, bincode payload.
