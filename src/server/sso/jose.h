// The JOSE pieces OpenID Connect sign-in needs (RFC 7515/7517/7518/7519), over OpenSSL's libcrypto:
// base64url, JSON Web Keys, and the verification of a compact JWS such as an ID token or a
// back-channel logout token. Pure functions of their inputs (time is passed in), so that the
// checks are unit-tested and fuzzed without a provider.
//
// The algorithm is never taken on the token's word alone: a key's type decides which algorithms
// may be used with it (RSA: RS256, PS256; EC P-256: ES256). `none` and every HMAC algorithm are
// refused whatever the header says (an HMAC "signed" with a provider's public key is the classic
// key-confusion forgery).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/json_fields.h"

namespace portal::server::sso {

// RFC 4648 §5 without padding. Decode refuses padding, whitespace and other alphabets.
std::string Base64UrlEncode(std::string_view bytes);
bool Base64UrlDecode(std::string_view text, std::string& bytes);

// One public key of a JWKS, ready to verify with.
struct PublicKey {
    std::string kid;  // may be empty
    std::string kty;  // "RSA" or "EC"
    std::string alg;  // the JWK's own "alg" when it names one; "" otherwise
    std::shared_ptr<void> pkey;  // EVP_PKEY*, freed with EVP_PKEY_free
};

// The usable signature keys of a JWKS document ({"keys":[...]}): RSA keys (n, e; at least 2048
// bits) and EC keys on P-256 (x, y); keys with "use" other than "sig", other curves or types,
// and malformed members are skipped. False (with error) when the document is not a JWKS at all.
bool ParseJwks(const api::Json& jwks, std::vector<PublicKey>& keys, std::string& error);

// A compact JWS split and decoded; the signature is not checked yet.
struct Jws {
    api::Json header;
    api::Json claims;
    std::string signing_input;  // base64url(header) "." base64url(payload)
    std::string signature;      // raw bytes
};
bool ParseJws(std::string_view compact, Jws& out, std::string& error);

enum class KeyLookup { Verified, UnknownKid, BadSignature, AlgorithmRefused };

// Verifies jws against keys: the header's alg must be allowed for the chosen key's type (and
// equal the key's own alg when it names one); kid picks the key when present, else every key
// of an allowed type is tried. UnknownKid when the header names a kid that keys lack (the
// caller may refetch the JWKS once: key rotation).
KeyLookup VerifyJws(const Jws& jws, const std::vector<PublicKey>& keys, std::string& error);

// What an ID token must say (OpenID Connect Core §3.1.3.7).
struct IdTokenExpectations {
    std::string issuer;     // exact
    std::string client_id;  // in aud; azp, when present with several audiences, equal to it
    std::string nonce;      // exact
    int64_t now = 0;        // Unix seconds
    int64_t skew = 60;      // seconds allowed on exp, iat (and nbf)
};

// The claims the portal uses, once checked.
struct IdentityClaims {
    std::string issuer;
    std::string subject;  // sub
    std::string email;    // "" when absent
    bool email_verified = false;
    std::string name;
    std::string sid;  // "" when absent
};

// iss exact, aud contains client_id, exp > now - skew, iat <= now + skew, nbf, nonce exact, sub
// present: false with error naming the claim that failed ("iss", "aud", "exp", "iat", "nonce").
bool CheckIdTokenClaims(const api::Json& claims, const IdTokenExpectations& expect,
                        IdentityClaims& out, std::string& error);

// OpenID Connect Back-Channel Logout 1.0 §2.6: iss exact, aud contains client_id, iat within
// skew of now (and not older than max_age seconds), jti present, events holding
// "http://schemas.openid.net/event/backchannel-logout" as an object, sid and/or sub, and no
// nonce. sub/sid/jti come back; false with error naming the claim.
struct LogoutClaims {
    std::string subject;
    std::string sid;
    std::string jti;
    int64_t iat = 0;
};
bool CheckLogoutTokenClaims(const api::Json& claims, const std::string& issuer,
                            const std::string& client_id, int64_t now, int64_t skew,
                            int64_t max_age, LogoutClaims& out, std::string& error);

// PKCE (RFC 7636): a verifier of 43 random base64url characters (32 bytes) and its S256
// challenge, base64url(SHA-256(verifier)).
std::string NewCodeVerifier();
std::string CodeChallengeS256(std::string_view verifier);

}  // namespace portal::server::sso
