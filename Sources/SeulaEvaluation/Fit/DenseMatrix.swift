import CLinearAlgebra

/// A dense column-major matrix of doubles: the layout BLAS and LAPACK expect.
///
/// Invariant: `values.count == rows * columns`; element (r, c) is `values[c * rows + r]`.
public struct DenseMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var values: [Double]

    public init(rows: Int, columns: Int, values: [Double]? = nil) {
        self.rows = rows
        self.columns = columns
        self.values = values ?? Array(repeating: 0, count: rows * columns)
        precondition(self.values.count == rows * columns)
    }

    public static func identity(_ n: Int) -> DenseMatrix {
        var m = DenseMatrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    @inlinable
    public subscript(r: Int, c: Int) -> Double {
        get { values[c * rows + r] }
        set { values[c * rows + r] = newValue }
    }
}

/// The BLAS/LAPACK calls of the evaluators' tools (reference BLAS/LAPACK, Fortran calling
/// convention through `CLinearAlgebra`): y = A·x (`dgemv`), AᵀA (`dgemm`), solving a symmetric
/// positive definite system (`dposv`, Cholesky) and the eigenvalues of a symmetric matrix
/// (`dsyev`).
public enum LinearAlgebra {
    /// A·x (or Aᵀ·x).
    ///
    /// Complexity: O(rows × columns).
    public static func multiply(_ a: DenseMatrix, _ x: [Double], transposed: Bool = false) -> [Double] {
        precondition(x.count == (transposed ? a.rows : a.columns))
        var trans = CChar(UInt8(ascii: transposed ? "T" : "N"))
        var m = Int32(a.rows), n = Int32(a.columns), lda = Int32(max(1, a.rows)), inc: Int32 = 1
        var alpha = 1.0, beta = 0.0
        var y = Array(repeating: 0.0, count: transposed ? a.columns : a.rows)
        guard a.rows > 0, a.columns > 0 else { return y }
        a.values.withUnsafeBufferPointer { av in
            x.withUnsafeBufferPointer { xv in
                y.withUnsafeMutableBufferPointer { yv in
                    dgemv_(&trans, &m, &n, &alpha, av.baseAddress, &lda, xv.baseAddress, &inc, &beta, yv.baseAddress, &inc)
                }
            }
        }
        return y
    }

    /// AᵀA (a columns × columns matrix).
    ///
    /// Complexity: O(rows × columns²).
    public static func gram(_ a: DenseMatrix) -> DenseMatrix {
        var c = DenseMatrix(rows: a.columns, columns: a.columns)
        guard a.rows > 0, a.columns > 0 else { return c }
        var ta = CChar(UInt8(ascii: "T")), tb = CChar(UInt8(ascii: "N"))
        var m = Int32(a.columns), n = Int32(a.columns), k = Int32(a.rows)
        var lda = Int32(a.rows), ldb = Int32(a.rows), ldc = Int32(a.columns)
        var alpha = 1.0, beta = 0.0
        a.values.withUnsafeBufferPointer { av in
            c.values.withUnsafeMutableBufferPointer { cv in
                dgemm_(&ta, &tb, &m, &n, &k, &alpha, av.baseAddress, &lda, av.baseAddress, &ldb, &beta, cv.baseAddress, &ldc)
            }
        }
        return c
    }

    /// Solves A·X = B for symmetric positive definite A (`dposv`). nil when A is not positive
    /// definite (LAPACK's info > 0: a leading minor is not positive).
    ///
    /// Complexity: O(n³ + n² × right-hand sides).
    public static func solvePositiveDefinite(_ a: DenseMatrix, _ b: DenseMatrix) -> DenseMatrix? {
        precondition(a.rows == a.columns && b.rows == a.rows)
        var factor = a.values
        var x = b.values
        var uplo = CChar(UInt8(ascii: "U"))
        var n = Int32(a.rows), nrhs = Int32(b.columns), lda = Int32(max(1, a.rows)), ldb = Int32(max(1, b.rows)), info: Int32 = 0
        factor.withUnsafeMutableBufferPointer { f in
            x.withUnsafeMutableBufferPointer { xv in
                dposv_(&uplo, &n, &nrhs, f.baseAddress, &lda, xv.baseAddress, &ldb, &info)
            }
        }
        return info == 0 ? DenseMatrix(rows: b.rows, columns: b.columns, values: x) : nil
    }

    /// The eigenvalues of a symmetric matrix, ascending (`dsyev`, values only); nil if LAPACK
    /// reports that the iteration did not converge.
    ///
    /// Complexity: O(n³).
    public static func symmetricEigenvalues(_ a: DenseMatrix) -> [Double]? {
        precondition(a.rows == a.columns)
        guard a.rows > 0 else { return [] }
        var copy = a.values
        var jobz = CChar(UInt8(ascii: "N")), uplo = CChar(UInt8(ascii: "U"))
        var n = Int32(a.rows), lda = Int32(a.rows), info: Int32 = 0
        var w = Array(repeating: 0.0, count: a.rows)
        var lwork = Int32(max(1, 3 * a.rows - 1) + 64 * a.rows)
        var work = Array(repeating: 0.0, count: Int(lwork))
        copy.withUnsafeMutableBufferPointer { c in
            w.withUnsafeMutableBufferPointer { wv in
                work.withUnsafeMutableBufferPointer { wk in
                    dsyev_(&jobz, &uplo, &n, c.baseAddress, &lda, wv.baseAddress, wk.baseAddress, &lwork, &info)
                }
            }
        }
        return info == 0 ? w : nil
    }
}
