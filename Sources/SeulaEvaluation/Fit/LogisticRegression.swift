import Foundation

/// Logistic regression by iteratively reweighted least squares (Newton's method), each step
/// solved with LAPACK `dposv`, on *grouped* data: row k of the design is a covariate pattern
/// seen `trials[k]` times, `successes[k]` of them with outcome 1 (the same maximum-likelihood
/// estimate as one row per case, at the cost of the distinct patterns).
///
/// With `ridge` λ > 0 it minimises −log L + λ/2 · Σ βⱼ² over the penalised columns (every
/// column but those in `unpenalized`, by default the intercept in column 0) — scikit-learn's
/// L2 `LogisticRegression` with C = 1/λ. Standard errors are the square roots of the diagonal
/// of (XᵀWX + λP)⁻¹ at the estimate (the usual Wald errors when λ = 0).
///
/// A Newton step that does not lower the objective is halved (at most 30 times). Converged:
/// the largest coefficient change is below `tolerance` × (1 + largest coefficient).
public enum LogisticRegression {
    public struct Fit: Sendable, Equatable {
        public var coefficients: [Double]
        public var standardErrors: [Double]
        public var iterations: Int
        public var converged: Bool
        /// log L at the estimate (without the binomial coefficients).
        public var logLikelihood: Double
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// XᵀWX + λP is not positive definite: columns are collinear or a category separates
        /// the outcome perfectly; a ridge (`--ridge`) fixes both.
        case singular(iteration: Int)
        case noData

        public var description: String {
            switch self {
            case .singular(let i): return "the weighted normal equations are singular at iteration \(i) (collinear columns or perfect separation); try --ridge 1"
            case .noData: return "no cases to fit"
            }
        }
    }

    /// Complexity: O(iterations × (patterns × columns² + columns³)).
    public static func fit(design x: DenseMatrix, trials: [Double], successes: [Double], ridge: Double = 0,
                           unpenalized: Set<Int> = [0], maxIterations: Int = 100, tolerance: Double = 1e-10) -> Result<Fit, Failure> {
        let m = x.rows, p = x.columns
        let totalTrials = trials.reduce(0, +)
        guard m > 0, totalTrials > 0 else { return .failure(.noData) }
        var beta = Array(repeating: 0.0, count: p)
        if unpenalized.contains(0) {
            let rate = min(max(successes.reduce(0, +) / totalTrials, 1e-6), 1 - 1e-6)
            beta[0] = log(rate / (1 - rate))
        }

        func objective(_ b: [Double]) -> (value: Double, logL: Double) {
            let eta = LinearAlgebra.multiply(x, b)
            var logL = 0.0
            for k in 0..<m where trials[k] > 0 {
                // log σ(η) = −log(1 + e^(−η)), log(1 − σ(η)) = −log(1 + e^η), computed stably.
                logL -= successes[k] * softplus(-eta[k]) + (trials[k] - successes[k]) * softplus(eta[k])
            }
            var penalty = 0.0
            if ridge > 0 { for j in 0..<p where !unpenalized.contains(j) { penalty += b[j] * b[j] } }
            return (-logL + 0.5 * ridge * penalty, logL)
        }

        /// XᵀWX + λP and XᵀWz at `b`.
        func normalEquations(_ b: [Double]) -> (DenseMatrix, [Double]) {
            let eta = LinearAlgebra.multiply(x, b)
            var scaled = x
            var wz = Array(repeating: 0.0, count: m)
            for k in 0..<m {
                let mu = 1 / (1 + exp(-eta[k]))
                let v = max(mu * (1 - mu), 1e-12)
                let w = trials[k] * v
                let root = w.squareRoot()
                for j in 0..<p { scaled[k, j] *= root }
                wz[k] = trials[k] > 0 ? w * eta[k] + (successes[k] - trials[k] * mu) : 0
            }
            var a = LinearAlgebra.gram(scaled)
            if ridge > 0 { for j in 0..<p where !unpenalized.contains(j) { a[j, j] += ridge } }
            return (a, LinearAlgebra.multiply(x, wz, transposed: true))
        }

        var current = objective(beta)
        var converged = false
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            let (a, rhs) = normalEquations(beta)
            guard let solved = LinearAlgebra.solvePositiveDefinite(a, DenseMatrix(rows: p, columns: 1, values: rhs)) else {
                return .failure(.singular(iteration: iterations))
            }
            var step = zip(solved.values, beta).map { $0 - $1 }
            var candidate = zip(beta, step).map { $0 + $1 }
            var next = objective(candidate)
            var halvings = 0
            while !(next.value <= current.value + 1e-12 * abs(current.value)) && halvings < 30 {
                step = step.map { $0 / 2 }
                candidate = zip(beta, step).map { $0 + $1 }
                next = objective(candidate)
                halvings += 1
            }
            let change = step.map(abs).max() ?? 0
            let size = candidate.map(abs).max() ?? 0
            beta = candidate
            current = next
            if change < tolerance * (1 + size) { converged = true; break }
        }
        let (a, _) = normalEquations(beta)
        guard let inverse = LinearAlgebra.solvePositiveDefinite(a, DenseMatrix.identity(p)) else {
            return .failure(.singular(iteration: iterations))
        }
        let errors = (0..<p).map { inverse[$0, $0].squareRoot() }
        return .success(Fit(coefficients: beta, standardErrors: errors, iterations: iterations, converged: converged, logLikelihood: current.logL))
    }

    /// log(1 + e^t) without overflow.
    static func softplus(_ t: Double) -> Double {
        t > 0 ? t + log1p(exp(-t)) : log1p(exp(t))
    }

    /// σ(t) = 1 / (1 + e^(−t)).
    public static func probability(_ t: Double) -> Double { 1 / (1 + exp(-t)) }
}
