// The few libcrypto (OpenSSL 3) calls Seula makes: SHA-256 and HMAC-SHA256, one-shot.
#ifndef SEULA_CCRYPTO_SHIM_H
#define SEULA_CCRYPTO_SHIM_H
#include <openssl/sha.h>
#include <openssl/hmac.h>
#include <openssl/evp.h>
#endif
