// Fuzz target: the ID token and back-channel logout token checks of single sign-on
// (server/sso/jose.h). The keys are fixed for the run (made at start by the tests' signer);
// the fuzzer supplies the token text, the JWKS or the claims. First byte:
//   0  a compact JWS as a provider sends it: split, decoded, verified, its claims checked
//   1  a JWKS document: its keys read, then a token signed with our RSA key checked against them
//   2  "<header JSON>\n<claims JSON>": signed with our RSA or EC key (the header's alg picks), so
//      that the claim checks run behind a signature that verifies
//   3  base64url text: what decodes must encode back to the same text
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "server/sso/jose.h"
#include "tests/server/jws_signer.h"

namespace {

namespace sso = portal::server::sso;
using portal::api::Json;
using portal::server::testing::TestKey;

constexpr int64_t kNow = 1795252500;  // 2026-11-20T09:15:00Z
const char* const kIssuer = "https://idp.example.com";
const char* const kClientId = "portal-client";

struct Keys {
    TestKey rsa = TestKey::Rsa("rsa-1");
    TestKey ec = TestKey::Ec("ec-1");
    std::vector<sso::PublicKey> published;
    std::string rsa_token;  // a valid ID token signed with rsa
};

const Keys& FixedKeys() {
    static const Keys keys = [] {
        Keys made;
        Json jwks = {{"keys", Json::array({made.rsa.Jwk(), made.ec.Jwk()})}};
        std::string error;
        if (!sso::ParseJwks(jwks, made.published, error) || made.published.size() != 2) {
            __builtin_trap();  // the target's set-up is broken, not the code under test
        }
        made.rsa_token = made.rsa.Sign(Json::object(),
                                       {{"iss", kIssuer},
                                        {"aud", kClientId},
                                        {"sub", "user-1"},
                                        {"nonce", "n-1"},
                                        {"iat", kNow},
                                        {"exp", kNow + 300}},
                                       "RS256");
        return made;
    }();
    return keys;
}

void CheckClaims(const Json& claims) {
    sso::IdTokenExpectations expect;
    expect.issuer = kIssuer;
    expect.client_id = kClientId;
    expect.nonce = "n-1";
    expect.now = kNow;
    sso::IdentityClaims identity;
    std::string error;
    sso::CheckIdTokenClaims(claims, expect, identity, error);
    sso::LogoutClaims logout;
    sso::CheckLogoutTokenClaims(claims, kIssuer, kClientId, kNow, 60, 120, logout, error);
}

void CheckToken(std::string_view compact, const std::vector<sso::PublicKey>& keys) {
    sso::Jws jws;
    std::string error;
    if (!sso::ParseJws(compact, jws, error)) return;
    sso::VerifyJws(jws, keys, error);
    // Checked whatever the signature said: the claim checks must hold on any claims.
    CheckClaims(jws.claims);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // Real tokens and key sets are a few KiB; 16 KiB covers every shape.
    if (size > 16384) return 0;
    std::string_view input = portal::fuzz::Text(data, size);
    size_t mode = 0;
    if (!portal::fuzz::Select(input, 4, mode)) return 0;
    const Keys& keys = FixedKeys();
    std::string error;
    switch (mode) {
        case 0:
            CheckToken(input, keys.published);
            break;
        case 1: {
            Json jwks;
            if (!portal::api::ParseJson(input, jwks, error)) return 0;
            std::vector<sso::PublicKey> published;
            if (sso::ParseJwks(jwks, published, error)) CheckToken(keys.rsa_token, published);
            break;
        }
        case 2: {
            size_t newline = input.find('\n');
            if (newline == std::string_view::npos) return 0;
            Json header, claims;
            if (!portal::api::ParseJson(input.substr(0, newline), header, error) ||
                !portal::api::ParseJson(input.substr(newline + 1), claims, error) ||
                !header.is_object()) {
                return 0;
            }
            // The signer takes alg apart from the header; the fuzzer's alg picks the key.
            std::string alg = header.contains("alg") && header["alg"].is_string()
                                  ? header["alg"].get<std::string>()
                                  : "RS256";
            header.erase("alg");
            std::string token = alg == "ES256"   ? keys.ec.Sign(header, claims, "ES256")
                                : alg == "PS256" ? keys.rsa.Sign(header, claims, "PS256")
                                                 : keys.rsa.Sign(header, claims, "RS256");
            CheckToken(token, keys.published);
            break;
        }
        case 3: {
            std::string bytes;
            if (sso::Base64UrlDecode(input, bytes) && sso::Base64UrlEncode(bytes) != input) {
                __builtin_trap();  // decoding is strict: one text per byte string
            }
            break;
        }
    }
    return 0;
}
