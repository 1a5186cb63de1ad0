//! The thin binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    asystent::cli::main()
}
