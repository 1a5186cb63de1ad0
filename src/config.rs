//! Configuration: statutory windows and limits from config/default.toml and the user file.
