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

        // Formats apart from deciding: JSON-lines and CSV cases in (the CSV reader, its transcoder to
        // JSON lines), JSON records and CSV rows out, behind `CaseInputFormat` and `AnswerOutputFormat`.
        .target(name: "SeulaFormats", dependencies: ["SeulaCore", "SeulaJSON"]),

        // Protocol types, the request handler (testable in-process) and the daemon transport.
        .target(name: "SeulaService", dependencies: ["SeulaCore", "SeulaJSON", "SeulaCrypto"]),

        // The evaluators' toolkit: agreement, fairness, threshold search, scorecard fit,
        // instrument psychometrics, criteria diffs and HTML reports (BLAS/LAPACK for the maths);
        // JSON-lines caseloads are read through the engine's fast reader.
        .target(name: "SeulaEvaluation", dependencies: ["SeulaCore", "SeulaJSON", "SeulaService", "SeulaFormats", "SeulaEngine", "CLinearAlgebra"]),

        // Synthetic caseloads in the MODEL-V1 contract (`seula generate`).
        .target(name: "SeulaSynthetic", dependencies: ["SeulaCore", "SeulaJSON"]),

        // The batch engine: the fast reader, decision lanes with rules as column kernels, the
        // ordered multi-core pipeline, the supervisor.
        .target(name: "SeulaEngine", dependencies: ["SeulaFormats", "SeulaService", "SeulaCore", "SeulaJSON", "SeulaCrypto"]),

        // Measuring, not answering: `bench core` (the scoring core on in-memory columns, BLAS),
        // `bench stages` (CPU per stage) and `score --parse-only` (the reader's ceiling).
        .target(name: "SeulaBench", dependencies: ["SeulaEngine", "SeulaFormats", "SeulaService", "SeulaCore", "SeulaJSON", "CLinearAlgebra"]),

        // The tamper-evident decision log: entries, the hash chain, checkpoints (HMAC-SHA256),
        // durability, verify, replay. Knows nothing of the transport (the executable wires it in).
        .target(name: "SeulaAudit", dependencies: ["SeulaService", "SeulaCore", "SeulaJSON", "SeulaCrypto"]),

        // The thin executable: argument handling and wiring.
        .executableTarget(name: "seula", dependencies: ["SeulaEngine", "SeulaBench", "SeulaService", "SeulaFormats", "SeulaCore", "SeulaJSON", "SeulaCrypto", "SeulaEvaluation", "SeulaSynthetic", "SeulaAudit"]),

        .testTarget(name: "SeulaJSONTests", dependencies: ["SeulaJSON"]),
        .testTarget(name: "SeulaCoreTests", dependencies: ["SeulaCore", "SeulaJSON"]),
        .testTarget(name: "SeulaServiceTests", dependencies: ["SeulaService", "SeulaCore", "SeulaJSON", "SeulaCrypto"]),
        .testTarget(name: "SeulaEngineTests", dependencies: ["SeulaEngine", "SeulaFormats", "SeulaBench", "SeulaCore", "SeulaJSON", "SeulaService", "SeulaSynthetic", "SeulaCrypto"]),
        .testTarget(name: "SeulaCLITests", dependencies: ["SeulaJSON", "SeulaCore", "SeulaService", "SeulaFormats"]),
        .testTarget(name: "SeulaAuditTests", dependencies: ["SeulaAudit", "SeulaService", "SeulaCore", "SeulaJSON", "SeulaCrypto", "SeulaSynthetic"]),
        .testTarget(name: "SeulaSyntheticTests", dependencies: ["SeulaSynthetic", "SeulaCore", "SeulaJSON", "SeulaService", "SeulaFormats"]),
        .testTarget(name: "SeulaEvaluationTests",
                    dependencies: ["SeulaEvaluation", "SeulaService", "SeulaFormats", "SeulaCore", "SeulaJSON", "SeulaCrypto", "SeulaSynthetic"],
                    exclude: ["Fixtures"]),
    ]
)
