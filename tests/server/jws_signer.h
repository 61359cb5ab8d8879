// Test-only JWS signing (RFC 7515 compact form) with keys made at run time by OpenSSL: RSA 2048
// (RS256, PS256), EC P-256 (ES256), plus the forgeries a verifier must refuse (HS256 with a
// chosen secret, alg "none"). The server only ever verifies; signing lives here.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "api/json_fields.h"

namespace portal::server::testing {

struct TestKey {
    // A fresh key; bits below 2048 make the short RSA keys the verifier must skip.
    static TestKey Rsa(std::string kid, int bits = 2048);
    static TestKey Ec(std::string kid);

    // The public JWK: kty, kid (when not empty), use "sig", n/e or crv/x/y.
    api::Json Jwk() const;
    // The public key as PEM (SubjectPublicKeyInfo): the bytes of the HMAC key-confusion forgery.
    std::string PublicPem() const;

    // header gets "alg" = alg and, unless it names one, "kid" = this key's kid (a header
    // "kid": null leaves it out). alg: RS256, PS256 (RSA keys), ES256 (EC keys).
    std::string Sign(const api::Json& header, const api::Json& claims, std::string alg) const;

    std::string kid;
    std::shared_ptr<void> pkey;  // EVP_PKEY*, private
};

// header gets "alg":"HS256"; the MAC key is `secret` as given.
std::string SignHs256(const api::Json& header, const api::Json& claims, std::string_view secret);
// header gets "alg":"none"; the signature part is empty.
std::string UnsignedJws(const api::Json& header, const api::Json& claims);

}  // namespace portal::server::testing
