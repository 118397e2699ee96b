/// One problem in a criteria file, located by its JSON path (`products[3].eligibility`).
public struct ModelIssue: Equatable, Sendable, CustomStringConvertible {
    /// A JSON path from the document root: `coping.items[2].weight`; empty for the whole file.
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Every problem found in a criteria file. A model with any issue is not loaded at all.
public struct ModelLoadError: Error, Sendable, CustomStringConvertible {
    public var issues: [ModelIssue]

    public init(issues: [ModelIssue]) { self.issues = issues }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
