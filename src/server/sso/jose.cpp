// JOSE over OpenSSL 3's libcrypto: keys are built from their JWK members with EVP_PKEY_fromdata
// (no deprecated RSA_/EC_KEY calls), signatures checked with EVP_DigestVerify. See jose.h for
// the rules; the comments here say why the code is strict where it is.
#include "server/sso/jose.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace portal::server::sso {
namespace {

// [SECTION] OpenSSL ownership

struct BnFree {
    void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct ParamBldFree {
    void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
};
struct ParamFree {
    void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};
struct PkeyCtxFree {
    void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct EcdsaSigFree {
    void operator()(ECDSA_SIG* sig) const { ECDSA_SIG_free(sig); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree>;
using Params = std::unique_ptr<OSSL_PARAM, ParamFree>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using EcdsaSig = std::unique_ptr<ECDSA_SIG, EcdsaSigFree>;

const unsigned char* Bytes(std::string_view text) {
    return reinterpret_cast<const unsigned char*>(text.data());
}

std::shared_ptr<void> OwnPkey(EVP_PKEY* pkey) {
    return std::shared_ptr<void>(pkey, [](void* p) { EVP_PKEY_free(static_cast<EVP_PKEY*>(p)); });
}

EVP_PKEY* FromData(const char* type, OSSL_PARAM_BLD* bld) {
    Params params(OSSL_PARAM_BLD_to_param(bld));
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* pkey = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
        EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
        return nullptr;
    }
    return pkey;
}

// [SECTION] JWK members

// Below 2048 bits RSA is breakable (NIST SP 800-131A); above 8192 a key only costs verification
// time, and a JWKS is fetched from a customer-configured URL.
constexpr int kMinRsaBits = 2048;
constexpr int kMaxRsaBits = 8192;
constexpr size_t kP256CoordinateBytes = 32;
// An ID token is a few kilobytes; the cap keeps a hostile one from costing much to decode.
constexpr size_t kMaxCompactBytes = 64 * 1024;

bool MemberBytes(const api::Json& jwk, const char* name, std::string& out) {
    auto it = jwk.find(name);
    return it != jwk.end() && it->is_string() &&
           Base64UrlDecode(it->get_ref<const std::string&>(), out) && !out.empty();
}

std::string StringMember(const api::Json& object, const char* name) {
    auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::shared_ptr<void> RsaKey(const api::Json& jwk) {
    std::string n, e;
    if (!MemberBytes(jwk, "n", n) || !MemberBytes(jwk, "e", e) || e.size() > 8) return nullptr;
    Bn bn_n(BN_bin2bn(Bytes(n), static_cast<int>(n.size()), nullptr));
    Bn bn_e(BN_bin2bn(Bytes(e), static_cast<int>(e.size()), nullptr));
    if (!bn_n || !bn_e) return nullptr;
    // Bit count of n itself: leading zero bytes must not make a short key look long.
    int bits = BN_num_bits(bn_n.get());
    if (bits < kMinRsaBits || bits > kMaxRsaBits) return nullptr;
    if (!BN_is_odd(bn_e.get()) || BN_is_one(bn_e.get())) return nullptr;
    ParamBld bld(OSSL_PARAM_BLD_new());
    if (!bld || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get())) {
        return nullptr;
    }
    EVP_PKEY* pkey = FromData("RSA", bld.get());
    return pkey ? OwnPkey(pkey) : nullptr;
}

std::shared_ptr<void> EcKey(const api::Json& jwk) {
    if (StringMember(jwk, "crv") != "P-256") return nullptr;
    std::string x, y;
    if (!MemberBytes(jwk, "x", x) || !MemberBytes(jwk, "y", y) ||
        x.size() != kP256CoordinateBytes || y.size() != kP256CoordinateBytes) {
        return nullptr;
    }
    std::string point = "\x04" + x + y;  // SEC 1 uncompressed form
    ParamBld bld(OSSL_PARAM_BLD_new());
    static char group[] = "prime256v1";
    if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
        !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                          point.size())) {
        return nullptr;
    }
    EVP_PKEY* pkey = FromData("EC", bld.get());
    if (!pkey) return nullptr;
    std::shared_ptr<void> owned = OwnPkey(pkey);
    // A point off the curve is the invalid-curve attack's way in; fromdata checks it, this
    // says so explicitly.
    PkeyCtx check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
    return owned;
}

// [SECTION] Algorithms

bool AllowedFor(const std::string& kty, const std::string& alg) {
    if (kty == "RSA") return alg == "RS256" || alg == "PS256";
    if (kty == "EC") return alg == "ES256";
    return false;
}

bool IsSupportedAlg(const std::string& alg) {
    return alg == "RS256" || alg == "PS256" || alg == "ES256";
}

// JWS ES256 signatures are r || s, 32 bytes each (RFC 7518 §3.4); OpenSSL verifies DER.
bool EcdsaDer(const std::string& raw, std::string& der) {
    if (raw.size() != 2 * kP256CoordinateBytes) return false;
    EcdsaSig sig(ECDSA_SIG_new());
    if (!sig) return false;
    BIGNUM* r = BN_bin2bn(Bytes(raw), 32, nullptr);
    BIGNUM* s = BN_bin2bn(Bytes(raw) + 32, 32, nullptr);
    if (!r || !s || !ECDSA_SIG_set0(sig.get(), r, s)) {
        BN_free(r);
        BN_free(s);
        return false;
    }
    int length = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (length <= 0) return false;
    der.resize(static_cast<size_t>(length));
    unsigned char* out = reinterpret_cast<unsigned char*>(der.data());
    return i2d_ECDSA_SIG(sig.get(), &out) == length;
}

bool VerifyWith(const PublicKey& key, const std::string& alg, const Jws& jws) {
    auto* pkey = static_cast<EVP_PKEY*>(key.pkey.get());
    if (!pkey) return false;
    std::string signature = jws.signature;
    if (alg == "ES256" && !EcdsaDer(jws.signature, signature)) return false;
    MdCtx md(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;  // owned by md
    if (!md || EVP_DigestVerifyInit(md.get(), &pctx, EVP_sha256(), nullptr, pkey) != 1) {
        return false;
    }
    if (alg == "PS256") {
        // RFC 7518 §3.5: MGF1 with SHA-256, salt as long as the hash; AUTO accepts that and
        // any other length the signature itself declares.
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
            EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) <= 0 ||
            EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_AUTO) <= 0) {
            return false;
        }
    } else if (alg == "RS256") {
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) <= 0) return false;
    }
    return EVP_DigestVerify(md.get(), Bytes(signature), signature.size(), Bytes(jws.signing_input),
                            jws.signing_input.size()) == 1;
}

// [SECTION] Claims

// NumericDate (RFC 7519 §2): seconds, possibly fractional; anything else is refused.
bool NumericDate(const api::Json& claims, const char* name, int64_t& out) {
    auto it = claims.find(name);
    if (it == claims.end() || !it->is_number()) return false;
    if (it->is_number_integer() && !it->is_number_unsigned()) {
        out = it->get<int64_t>();
        return true;
    }
    if (it->is_number_unsigned()) {
        uint64_t value = it->get<uint64_t>();
        out = value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                  ? std::numeric_limits<int64_t>::max()
                  : static_cast<int64_t>(value);
        return true;
    }
    double value = std::floor(it->get<double>());
    if (value >= 9.2e18) {
        out = std::numeric_limits<int64_t>::max();
    } else if (value <= -9.2e18) {
        out = std::numeric_limits<int64_t>::min();
    } else {
        out = static_cast<int64_t>(value);
    }
    return true;
}

// aud is one string or an array of strings (RFC 7519 §4.1.3).
bool AudienceHolds(const api::Json& claims, const std::string& client_id, size_t& count) {
    auto it = claims.find("aud");
    count = 0;
    if (it == claims.end()) return false;
    if (it->is_string()) {
        count = 1;
        return it->get_ref<const std::string&>() == client_id;
    }
    if (!it->is_array()) return false;
    bool found = false;
    for (const auto& entry : *it) {
        if (!entry.is_string()) return false;
        ++count;
        if (entry.get_ref<const std::string&>() == client_id) found = true;
    }
    return found;
}

bool Fail(std::string& error, std::string message) {
    error = std::move(message);
    return false;
}

}  // namespace

// [SECTION] base64url

std::string Base64UrlEncode(std::string_view bytes) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) |
                     (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    size_t rest = bytes.size() - i;
    if (rest == 1) {
        uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
    } else if (rest == 2) {
        uint32_t v =
            (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
    }
    return out;
}

bool Base64UrlDecode(std::string_view text, std::string& bytes) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '-') return 62;
        if (c == '_') return 63;
        return -1;
    };
    bytes.clear();
    if (text.size() % 4 == 1) return false;  // no whole byte in a lone sixth of bits
    bytes.reserve(text.size() * 3 / 4);
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v = value(c);
        if (v < 0) return false;
        buffer = (buffer << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    // Leftover bits must be zero: one canonical text per byte string (RFC 4648 §3.5).
    if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0) return false;
    return true;
}

// [SECTION] Keys and signatures

bool ParseJwks(const api::Json& jwks, std::vector<PublicKey>& keys, std::string& error) {
    keys.clear();
    if (!jwks.is_object()) return Fail(error, "the JWKS is not a JSON object");
    auto list = jwks.find("keys");
    if (list == jwks.end() || !list->is_array())
        return Fail(error, "the JWKS has no \"keys\" array");
    for (const auto& jwk : *list) {
        if (!jwk.is_object()) continue;
        if (jwk.contains("use") && StringMember(jwk, "use") != "sig") continue;
        if (auto ops = jwk.find("key_ops"); ops != jwk.end()) {
            if (!ops->is_array() || std::find(ops->begin(), ops->end(), "verify") == ops->end()) {
                continue;
            }
        }
        if (jwk.contains("alg") && !jwk["alg"].is_string()) continue;
        if (jwk.contains("kid") && !jwk["kid"].is_string()) continue;
        PublicKey key;
        key.kty = StringMember(jwk, "kty");
        key.kid = StringMember(jwk, "kid");
        key.alg = StringMember(jwk, "alg");
        if (key.kty == "RSA") {
            key.pkey = RsaKey(jwk);
        } else if (key.kty == "EC") {
            key.pkey = EcKey(jwk);
        }
        if (key.pkey) keys.push_back(std::move(key));
    }
    return true;
}

bool ParseJws(std::string_view compact, Jws& out, std::string& error) {
    out = Jws{};
    if (compact.size() > kMaxCompactBytes) return Fail(error, "the token is too long");
    size_t first = compact.find('.');
    size_t second = first == std::string_view::npos ? first : compact.find('.', first + 1);
    if (second == std::string_view::npos ||
        compact.find('.', second + 1) != std::string_view::npos) {
        return Fail(error, "not a compact JWS (three parts separated by dots)");
    }
    std::string header_text, payload_text;
    if (!Base64UrlDecode(compact.substr(0, first), header_text)) {
        return Fail(error, "the header is not base64url");
    }
    if (!Base64UrlDecode(compact.substr(first + 1, second - first - 1), payload_text)) {
        return Fail(error, "the payload is not base64url");
    }
    if (!Base64UrlDecode(compact.substr(second + 1), out.signature)) {
        return Fail(error, "the signature is not base64url");
    }
    std::string parse_error;
    if (!api::ParseJson(header_text, out.header, parse_error) || !out.header.is_object()) {
        return Fail(error, "the header is not a JSON object");
    }
    // RFC 7515 §4.1.11: extensions we do not understand (b64:false among them) must be refused.
    if (out.header.contains("crit")) return Fail(error, "the header has \"crit\" extensions");
    if (!api::ParseJson(payload_text, out.claims, parse_error) || !out.claims.is_object()) {
        return Fail(error, "the payload is not a JSON object");
    }
    out.signing_input = std::string(compact.substr(0, second));
    return true;
}

KeyLookup VerifyJws(const Jws& jws, const std::vector<PublicKey>& keys, std::string& error) {
    // The algorithm is checked before the key lookup, so that a forged alg never causes a
    // JWKS refetch.
    std::string alg = StringMember(jws.header, "alg");
    if (!IsSupportedAlg(alg)) {
        error = alg.empty() ? "the token names no algorithm"
                            : "algorithm " + alg + " is not accepted (RS256, PS256, ES256 only)";
        return KeyLookup::AlgorithmRefused;
    }
    bool named = jws.header.contains("kid");
    if (named && !jws.header["kid"].is_string()) {
        error = "the token's kid is not a string";
        return KeyLookup::BadSignature;
    }
    std::string kid = StringMember(jws.header, "kid");
    bool any_named = false, any_allowed = false;
    for (const PublicKey& key : keys) {
        if (named && key.kid != kid) continue;
        any_named = true;
        if (!AllowedFor(key.kty, alg) || (!key.alg.empty() && key.alg != alg)) continue;
        any_allowed = true;
        if (VerifyWith(key, alg, jws)) return KeyLookup::Verified;
    }
    if (named && !any_named) {
        error = "no key with kid \"" + kid + "\" in the provider's JWKS";
        return KeyLookup::UnknownKid;
    }
    if (!any_allowed) {
        error = "algorithm " + alg + " does not fit the provider's key" + (named ? " " + kid : "");
        return KeyLookup::AlgorithmRefused;
    }
    error = "the signature does not verify";
    return KeyLookup::BadSignature;
}

// [SECTION] Claims

bool CheckIdTokenClaims(const api::Json& claims, const IdTokenExpectations& expect,
                        IdentityClaims& out, std::string& error) {
    out = IdentityClaims{};
    if (!claims.is_object()) return Fail(error, "claims: not a JSON object");
    if (StringMember(claims, "iss") != expect.issuer || expect.issuer.empty()) {
        return Fail(error, "iss: the token was issued by \"" + StringMember(claims, "iss") +
                               "\", not " + expect.issuer);
    }
    size_t audiences = 0;
    if (!AudienceHolds(claims, expect.client_id, audiences) || expect.client_id.empty()) {
        return Fail(error, "aud: the token is not meant for client " + expect.client_id);
    }
    // OpenID Connect Core §3.1.3.7 (4, 5): the authorized party, when named, must be us.
    if (claims.contains("azp") && StringMember(claims, "azp") != expect.client_id) {
        return Fail(error, "azp: the token was issued to another client");
    }
    int64_t exp = 0, iat = 0, nbf = 0;
    if (!NumericDate(claims, "exp", exp)) return Fail(error, "exp: missing or not a number");
    if (exp <= expect.now - expect.skew) return Fail(error, "exp: the token has expired");
    if (!NumericDate(claims, "iat", iat)) return Fail(error, "iat: missing or not a number");
    if (iat > expect.now + expect.skew)
        return Fail(error, "iat: the token is issued in the future");
    if (claims.contains("nbf")) {
        if (!NumericDate(claims, "nbf", nbf)) return Fail(error, "nbf: not a number");
        if (nbf > expect.now + expect.skew) return Fail(error, "nbf: the token is not valid yet");
    }
    // The nonce binds the token to this browser's sign-in; without one expected, none may come.
    if (expect.nonce.empty() ? claims.contains("nonce")
                             : StringMember(claims, "nonce") != expect.nonce) {
        return Fail(error, "nonce: the token does not answer this sign-in");
    }
    std::string subject = StringMember(claims, "sub");
    if (subject.empty() || subject.size() > 255) {
        return Fail(error, "sub: missing (or longer than 255 characters)");
    }
    out.issuer = expect.issuer;
    out.subject = subject;
    out.email = StringMember(claims, "email");
    // Only a JSON true counts: an email claim is trusted for linking only when verified.
    auto verified = claims.find("email_verified");
    out.email_verified =
        verified != claims.end() && verified->is_boolean() && verified->get<bool>();
    out.name = StringMember(claims, "name");
    out.sid = StringMember(claims, "sid");
    return true;
}

bool CheckLogoutTokenClaims(const api::Json& claims, const std::string& issuer,
                            const std::string& client_id, int64_t now, int64_t skew,
                            int64_t max_age, LogoutClaims& out, std::string& error) {
    out = LogoutClaims{};
    if (!claims.is_object()) return Fail(error, "claims: not a JSON object");
    if (issuer.empty() || StringMember(claims, "iss") != issuer) {
        return Fail(error, "iss: the token was issued by \"" + StringMember(claims, "iss") +
                               "\", not " + issuer);
    }
    size_t audiences = 0;
    if (client_id.empty() || !AudienceHolds(claims, client_id, audiences)) {
        return Fail(error, "aud: the token is not meant for client " + client_id);
    }
    int64_t iat = 0, exp = 0;
    if (!NumericDate(claims, "iat", iat)) return Fail(error, "iat: missing or not a number");
    if (iat > now + skew) return Fail(error, "iat: the token is issued in the future");
    if (iat < now - max_age) return Fail(error, "iat: the token is too old");
    if (claims.contains("exp")) {
        if (!NumericDate(claims, "exp", exp)) return Fail(error, "exp: not a number");
        if (exp <= now - skew) return Fail(error, "exp: the token has expired");
    }
    std::string jti = StringMember(claims, "jti");
    if (jti.empty()) return Fail(error, "jti: missing");
    auto events = claims.find("events");
    if (events == claims.end() || !events->is_object()) {
        return Fail(error, "events: missing or not an object");
    }
    auto event = events->find("http://schemas.openid.net/event/backchannel-logout");
    if (event == events->end() || !event->is_object()) {
        return Fail(error, "events: no back-channel logout event");
    }
    // §2.4: a nonce is forbidden, so that an ID token can never pass as a logout token.
    if (claims.contains("nonce")) return Fail(error, "nonce: a logout token must not have one");
    std::string subject = StringMember(claims, "sub");
    std::string sid = StringMember(claims, "sid");
    if (claims.contains("sub") && subject.empty()) return Fail(error, "sub: empty or not a string");
    if (claims.contains("sid") && sid.empty()) return Fail(error, "sid: empty or not a string");
    if (subject.empty() && sid.empty()) return Fail(error, "sid: neither sid nor sub is given");
    out.subject = subject;
    out.sid = sid;
    out.jti = jti;
    out.iat = iat;
    return true;
}

// [SECTION] PKCE

std::string NewCodeVerifier() {
    unsigned char bytes[32];
    // Without entropy no sign-in can be made safe: stop rather than hand out a guessable value.
    if (RAND_bytes(bytes, sizeof bytes) != 1) std::abort();
    return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::string CodeChallengeS256(std::string_view verifier) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(verifier.data(), verifier.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
        std::abort();
    }
    return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

}  // namespace portal::server::sso
