// Reference BLAS / LAPACK (Debian libblas-dev, liblapack-dev), Fortran calling convention:
// every argument by pointer, trailing underscore, column-major matrices. Only the routines
// Seula calls are declared here, so the whole C surface is auditable on one screen.
#ifndef SEULA_CLINEARALGEBRA_SHIM_H
#define SEULA_CLINEARALGEBRA_SHIM_H

/// y := alpha*op(A)*x + beta*y  (BLAS level 2)
void dgemv_(const char *trans, const int *m, const int *n, const double *alpha,
            const double *a, const int *lda, const double *x, const int *incx,
            const double *beta, double *y, const int *incy);

/// C := alpha*op(A)*op(B) + beta*C  (BLAS level 3)
void dgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k,
            const double *alpha, const double *a, const int *lda, const double *b, const int *ldb,
            const double *beta, double *c, const int *ldc);

/// Solves A X = B for symmetric positive definite A (Cholesky). LAPACK.
void dposv_(const char *uplo, const int *n, const int *nrhs, double *a, const int *lda,
            double *b, const int *ldb, int *info);

/// Eigenvalues (and optionally eigenvectors) of a real symmetric matrix. LAPACK.
void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
            double *w, double *work, const int *lwork, int *info);

#endif
