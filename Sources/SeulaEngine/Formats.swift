/// The formats are their own module; re-exported so code that names chunk lines, the CSV
/// reader or the output formats through the engine (the pipeline, the commands) needs no
/// import of its own.
@_exported import SeulaFormats
