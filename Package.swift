// swift-tools-version:6.0
// Seula: screening, segmentation and service routing for adult social work.
// No package dependencies: Foundation, XCTest and three system C libraries
// (libcrypto for hashing, BLAS and LAPACK for the batch engine and the evaluators' maths).
import PackageDescription

let package = Package(
    name: "Seula",
    products: [
        .executable(name: "seula", targets: ["seula"]),
        .library(name: "SeulaCore", targets: ["SeulaCore"]),
    ],
    targets: [
        // System libraries, each behind a tiny shim header that declares only what Seula calls.
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLinearAlgebra", path: "Sources/CLinearAlgebra",
                       providers: [.apt(["libblas-dev", "liblapack-dev"])]),

        // Pure Swift, no I/O.
        .target(name: "SeulaJSON"),
        .target(name: "SeulaCore", dependencies: ["SeulaJSON"]),

        // Hashing through libcrypto: model sha256 and the keyed hetu pseudonym.
        .target(name: "SeulaCrypto", dependencies: ["CCrypto"]),

        // The transport, generic over a line→answer handler (testable in-process with a toy one):
        // framing, the ordered multi-core pipeline, the supervisor, signals, logging, the clock.
        .target(name: "SeulaTransport", dependencies: ["SeulaJSON"]),

        // Formats apart from deciding: JSON-lines and CSV cases in (the CSV reader, its transcoder to
        // JSON lines), JSON records and CSV rows out, behind `CaseInputFormat` and `AnswerOutputFormat`.
        .target(name: "SeulaFormats", dependencies: ["SeulaCore", "SeulaJSON", "SeulaTransport"]),

        // Protocol types and the request handler (testable in-process); what the transport asks of them.
        .target(name: "SeulaService", dependencies: ["SeulaCore", "SeulaJSON", "SeulaCrypto", "SeulaTransport"]),

        // The evaluators' toolkit: agreement, fairness, threshold search, scorecard fit,
        // instrument psychometrics, criteria diffs and HTML reports (BLAS/LAPACK for the maths);
        // JSON-lines caseloads are read through the engine's fast reader.
        .target(name: "SeulaEvaluation", dependencies: ["SeulaCore", "SeulaJSON", "SeulaService", "SeulaFormats", "SeulaEngine", "SeulaTransport", "CLinearAlgebra"]),

        // Synthetic caseloads in the MODEL-V1 contract (`seula generate`).
        .target(name: "SeulaSynthetic", dependencies: ["SeulaCore", "SeulaJSON"]),

        // The batch engine: the fast reader, decision lanes with rules as column kernels, the
        // chunk answerer the transport runs, the supervisor's criteria snapshot.
        .target(name: "SeulaEngine", dependencies: ["SeulaFormats", "SeulaService", "SeulaCore", "SeulaJSON", "SeulaCrypto", "SeulaTransport"]),

        // Measuring, not answering: `bench core` (the scoring core on in-memory columns, BLAS),
        // `bench stages` (CPU per stage) and `score --parse-only` (the reader's ceiling).
        .target(name: "SeulaBench", dependencies: ["SeulaEngine", "SeulaFormats", "SeulaService", "SeulaCore", "SeulaJSON", "SeulaTransport", "CLinearAlgebra"]),

        // The tamper-evident decision log: entries, the hash chain, checkpoints (HMAC-SHA256),
        // durability, verify, replay. Knows nothing of the transport (the executable wires it in).
        .target(name: "SeulaAudit", dependencies: ["SeulaService", "SeulaCore", "SeulaJSON", "SeulaCrypto"]),

        // The thin executable: argument handling and wiring.
        .executableTarget(name: "seula", dependencies: ["SeulaEngine", "SeulaTransport", "SeulaBench", "SeulaService", "SeulaFormats", "SeulaCore", "SeulaJSON", "SeulaCrypto", "SeulaEvaluation", "SeulaSynthetic", "SeulaAudit"]),

        .testTarget(name: "SeulaJSONTests", dependencies: ["SeulaJSON"]),
        .testTarget(name: "SeulaCoreTests", dependencies: ["SeulaCore", "SeulaJSON"]),
        .testTarget(name: "SeulaTransportTests", dependencies: ["SeulaTransport", "SeulaJSON"]),
        .testTarget(name: "SeulaServiceTests", dependencies: ["SeulaService", "SeulaCore", "SeulaJSON", "SeulaCrypto"]),
        .testTarget(name: "SeulaEngineTests", dependencies: ["SeulaEngine", "SeulaFormats", "SeulaTransport", "SeulaBench", "SeulaCore", "SeulaJSON", "SeulaService", "SeulaSynthetic", "SeulaCrypto"]),
        .testTarget(name: "SeulaCLITests", dependencies: ["SeulaJSON", "SeulaCore", "SeulaService", "SeulaFormats"]),
        .testTarget(name: "SeulaAuditTests", dependencies: ["SeulaAudit", "SeulaService", "SeulaCore", "SeulaJSON", "SeulaCrypto", "SeulaSynthetic"]),
        .testTarget(name: "SeulaSyntheticTests", dependencies: ["SeulaSynthetic", "SeulaTransport", "SeulaCore", "SeulaJSON", "SeulaService", "SeulaFormats"]),
        .testTarget(name: "SeulaEvaluationTests",
                    dependencies: ["SeulaEvaluation", "SeulaService", "SeulaFormats", "SeulaCore", "SeulaJSON", "SeulaCrypto", "SeulaSynthetic"],
                    exclude: ["Fixtures"]),
    ]
)
