// R-ACC-5 (single sign-on): the JOSE checks of server/sso/jose.h, with keys made at run time and
// tokens signed by jws_signer.h. Every refusal the ID token and logout token verification must
// make has a test here: forged algorithms (none, HMAC with the public key), a key of the wrong
// type, bad signatures, unknown kids, and each claim with its 60 s of skew on both sides.
#include "server/sso/jose.h"

#include <gtest/gtest.h>

#include <set>

#include "jws_signer.h"

namespace portal::server::sso {
namespace {

using api::Json;
using testing::SignHs256;
using testing::TestKey;
using testing::UnsignedJws;

constexpr int64_t kNow = 1'700'000'000;

// Key generation costs tens of milliseconds (RSA): made once for all the tests.
const TestKey& Rsa() {
    static const TestKey key = TestKey::Rsa("rsa-1");
    return key;
}
const TestKey& OtherRsa() {
    static const TestKey key = TestKey::Rsa("rsa-2");
    return key;
}
const TestKey& Ec() {
    static const TestKey key = TestKey::Ec("ec-1");
    return key;
}

std::vector<PublicKey> KeysOfJwks(const Json& jwks) {
    std::vector<PublicKey> keys;
    std::string error;
    EXPECT_TRUE(ParseJwks(jwks, keys, error)) << error;
    return keys;
}

std::vector<PublicKey> Keys(std::initializer_list<Json> jwks) {
    return KeysOfJwks(Json{{"keys", Json(jwks)}});
}

Json Claims() {
    return {{"iss", "https://idp.example"},
            {"aud", "portal"},
            {"sub", "alice-sub"},
            {"exp", kNow + 300},
            {"iat", kNow},
            {"nonce", "n-0S6_WzA2Mj"},
            {"email", "alice@example.com"},
            {"email_verified", true},
            {"name", "Alice"},
            {"sid", "session-1"}};
}

// Parses and verifies compact; the KeyLookup (or AlgorithmRefused when it does not parse).
KeyLookup Verify(const std::string& compact, const std::vector<PublicKey>& keys,
                 std::string* error_out = nullptr) {
    Jws jws;
    std::string error;
    if (!ParseJws(compact, jws, error)) {
        ADD_FAILURE() << "does not parse: " << error;
        return KeyLookup::AlgorithmRefused;
    }
    KeyLookup result = VerifyJws(jws, keys, error);
    if (error_out) *error_out = error;
    return result;
}

// [SECTION] base64url

TEST(JoseBase64, EncodesRfc4648VectorsWithoutPadding) {
    EXPECT_EQ(Base64UrlEncode(""), "");
    EXPECT_EQ(Base64UrlEncode("f"), "Zg");
    EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
    EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
    EXPECT_EQ(Base64UrlEncode("foob"), "Zm9vYg");
    EXPECT_EQ(Base64UrlEncode("fooba"), "Zm9vYmE");
    EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");  // "+/8=" in the standard alphabet
}

TEST(JoseBase64, RoundTripsEveryByteAndLength) {
    std::string all;
    for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
    for (size_t length = 0; length <= all.size(); length += 37) {
        std::string decoded;
        ASSERT_TRUE(Base64UrlDecode(Base64UrlEncode(all.substr(0, length)), decoded));
        EXPECT_EQ(decoded, all.substr(0, length));
    }
    std::string decoded = "stale";
    EXPECT_TRUE(Base64UrlDecode("", decoded));
    EXPECT_EQ(decoded, "");
}

TEST(JoseBase64, RefusesPaddingOtherAlphabetsWhitespaceAndNonCanonicalText) {
    std::string out;
    EXPECT_FALSE(Base64UrlDecode("Zg==", out));     // padding
    EXPECT_FALSE(Base64UrlDecode("Zg=", out));      // padding
    EXPECT_FALSE(Base64UrlDecode("+/8", out));      // standard alphabet
    EXPECT_FALSE(Base64UrlDecode("Zm9v Yg", out));  // whitespace
    EXPECT_FALSE(Base64UrlDecode("Zm9vYg\n", out));
    EXPECT_FALSE(Base64UrlDecode("Zm9vY", out));  // 4n+1 characters: no whole byte
    EXPECT_FALSE(Base64UrlDecode("Zh", out));     // leftover bits not zero
    EXPECT_FALSE(Base64UrlDecode("Zm9\xc3\xa9", out));
    EXPECT_FALSE(Base64UrlDecode(std::string_view("Zm\0v", 4), out));
}

// [SECTION] JWKS

TEST(JoseJwks, ReadsRsaAndEcKeysWithTheirKidAndAlg) {
    Json rsa = Rsa().Jwk();
    rsa["alg"] = "RS256";
    auto keys = Keys({rsa, Ec().Jwk()});
    ASSERT_EQ(keys.size(), 2u);
    EXPECT_EQ(keys[0].kty, "RSA");
    EXPECT_EQ(keys[0].kid, "rsa-1");
    EXPECT_EQ(keys[0].alg, "RS256");
    EXPECT_NE(keys[0].pkey, nullptr);
    EXPECT_EQ(keys[1].kty, "EC");
    EXPECT_EQ(keys[1].kid, "ec-1");
    EXPECT_EQ(keys[1].alg, "");
}

TEST(JoseJwks, SkipsShortRsaKeysOtherUsesCurvesTypesAndMalformedMembers) {
    TestKey short_key = TestKey::Rsa("short", 1024);
    Json encryption = Rsa().Jwk();
    encryption["use"] = "enc";
    Json no_verify = Rsa().Jwk();
    no_verify["key_ops"] = {"encrypt"};
    Json p384 = Ec().Jwk();
    p384["crv"] = "P-384";
    Json short_x = Ec().Jwk();
    short_x["x"] = Base64UrlEncode(std::string(31, 'x'));
    Json off_curve = Ec().Jwk();
    std::string y;
    ASSERT_TRUE(Base64UrlDecode(off_curve["y"].get<std::string>(), y));
    y.back() = static_cast<char>(y.back() ^ 1);
    off_curve["y"] = Base64UrlEncode(y);
    Json bad_n = Rsa().Jwk();
    bad_n["n"] = "not base64url!";
    Json numeric_kid = Rsa().Jwk();
    numeric_kid["kid"] = 7;
    // A 1024-bit modulus padded with zero bytes is still 1024 bits.
    Json padded_short = short_key.Jwk();
    std::string n;
    ASSERT_TRUE(Base64UrlDecode(padded_short["n"].get<std::string>(), n));
    padded_short["n"] = Base64UrlEncode(std::string(128, '\0') + n);
    Json oct = {{"kty", "oct"}, {"k", Base64UrlEncode("secret")}};

    auto keys = Keys({short_key.Jwk(), encryption, no_verify, p384, short_x, off_curve, bad_n,
                      numeric_kid, padded_short, oct, "not an object", Ec().Jwk()});
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys[0].kid, "ec-1");
}

TEST(JoseJwks, RefusesADocumentThatIsNotAJwks) {
    std::vector<PublicKey> keys;
    std::string error;
    EXPECT_FALSE(ParseJwks(Json::array({Rsa().Jwk()}), keys, error));
    EXPECT_FALSE(ParseJwks(Json{{"key", Json::array()}}, keys, error));
    EXPECT_FALSE(ParseJwks(Json{{"keys", Rsa().Jwk()}}, keys, error));
    EXPECT_FALSE(error.empty());
    EXPECT_TRUE(ParseJwks(Json{{"keys", Json::array()}}, keys, error));
    EXPECT_TRUE(keys.empty());
}

// [SECTION] Compact JWS

TEST(JoseParse, SplitsHeaderClaimsSigningInputAndSignature) {
    std::string compact = Rsa().Sign({}, Claims(), "RS256");
    Jws jws;
    std::string error;
    ASSERT_TRUE(ParseJws(compact, jws, error)) << error;
    EXPECT_EQ(jws.header["alg"], "RS256");
    EXPECT_EQ(jws.header["kid"], "rsa-1");
    EXPECT_EQ(jws.claims, Claims());
    EXPECT_EQ(jws.signing_input, compact.substr(0, compact.rfind('.')));
    EXPECT_EQ(jws.signature.size(), 256u);
}

TEST(JoseParse, RefusesWhatIsNotACompactJwsOfJsonObjects) {
    std::string good = Rsa().Sign({}, Claims(), "RS256");
    std::string header = good.substr(0, good.find('.'));
    std::string signature = good.substr(good.rfind('.') + 1);
    std::string claims = Base64UrlEncode(Claims().dump());
    Jws jws;
    std::string error;
    EXPECT_FALSE(ParseJws(header + "." + claims, jws, error));
    EXPECT_FALSE(ParseJws(good + ".x", jws, error));
    EXPECT_FALSE(ParseJws("eyJ=." + claims + "." + signature, jws, error));
    EXPECT_FALSE(
        ParseJws(Base64UrlEncode("not json") + "." + claims + "." + signature, jws, error));
    EXPECT_FALSE(ParseJws(Base64UrlEncode("[1]") + "." + claims + "." + signature, jws, error));
    EXPECT_FALSE(ParseJws(header + "." + Base64UrlEncode("[]") + "." + signature, jws, error));
    EXPECT_FALSE(ParseJws(header + "." + claims + "." + signature + "=", jws, error));
    EXPECT_FALSE(ParseJws(std::string(70 * 1024, 'a') + "..", jws, error));
    // RFC 7515 §4.1.11: unknown critical extensions (b64:false among them) are refused.
    EXPECT_FALSE(
        ParseJws(Rsa().Sign({{"crit", {"b64"}}, {"b64", false}}, Claims(), "RS256"), jws, error));
    EXPECT_NE(error.find("crit"), std::string::npos);
}

// [SECTION] Signatures and the algorithm allow-list

TEST(JoseVerify, AcceptsRs256Ps256AndEs256FromTheKeyTheKidNames) {
    auto keys = Keys({Rsa().Jwk(), Ec().Jwk()});
    std::string error;
    EXPECT_EQ(Verify(Rsa().Sign({}, Claims(), "RS256"), keys, &error), KeyLookup::Verified)
        << error;
    EXPECT_EQ(Verify(Rsa().Sign({}, Claims(), "PS256"), keys, &error), KeyLookup::Verified)
        << error;
    EXPECT_EQ(Verify(Ec().Sign({}, Claims(), "ES256"), keys, &error), KeyLookup::Verified) << error;
}

TEST(JoseVerify, WithoutKidTriesEveryKeyOfAnAllowedType) {
    auto keys = Keys({OtherRsa().Jwk(), Ec().Jwk(), Rsa().Jwk()});
    EXPECT_EQ(Verify(Rsa().Sign({{"kid", nullptr}}, Claims(), "RS256"), keys), KeyLookup::Verified);
    EXPECT_EQ(Verify(Ec().Sign({{"kid", nullptr}}, Claims(), "ES256"), keys), KeyLookup::Verified);
}

TEST(JoseVerify, RefusesAlgNoneWhateverTheKid) {
    auto keys = Keys({Rsa().Jwk(), Ec().Jwk()});
    std::string error;
    EXPECT_EQ(Verify(UnsignedJws({{"kid", "rsa-1"}}, Claims()), keys, &error),
              KeyLookup::AlgorithmRefused);
    EXPECT_NE(error.find("none"), std::string::npos) << error;
    EXPECT_EQ(Verify(UnsignedJws({}, Claims()), keys), KeyLookup::AlgorithmRefused);
    // A made-up kid with alg none must not make the caller refetch the JWKS.
    EXPECT_EQ(Verify(UnsignedJws({{"kid", "new"}}, Claims()), keys), KeyLookup::AlgorithmRefused);
    std::string compact = UnsignedJws({{"kid", "rsa-1"}}, Claims());
    Json header = {{"alg", "NONE"}, {"kid", "rsa-1"}};
    compact = Base64UrlEncode(header.dump()) + compact.substr(compact.find('.'));
    EXPECT_EQ(Verify(compact, keys), KeyLookup::AlgorithmRefused);
    // Not even a signature that happens to be there.
    std::string signed_token = Rsa().Sign({}, Claims(), "RS256");
    Json none_header = {{"alg", "none"}, {"kid", "rsa-1"}};
    std::string forged =
        Base64UrlEncode(none_header.dump()) + signed_token.substr(signed_token.find('.'));
    EXPECT_EQ(Verify(forged, keys), KeyLookup::AlgorithmRefused);
}

TEST(JoseVerify, RefusesHs256KeyedWithTheRsaPublicKey) {
    auto keys = Keys({Rsa().Jwk()});
    std::string n;
    ASSERT_TRUE(Base64UrlDecode(Rsa().Jwk()["n"].get<std::string>(), n));
    for (const std::string& secret : {Rsa().PublicPem(), Rsa().Jwk().dump(), n}) {
        std::string error;
        EXPECT_EQ(Verify(SignHs256({{"kid", "rsa-1"}}, Claims(), secret), keys, &error),
                  KeyLookup::AlgorithmRefused);
        EXPECT_NE(error.find("HS256"), std::string::npos) << error;
        EXPECT_EQ(Verify(SignHs256({}, Claims(), secret), keys), KeyLookup::AlgorithmRefused);
    }
}

TEST(JoseVerify, RefusesAlgorithmsOutsideTheAllowList) {
    auto keys = Keys({Rsa().Jwk()});
    std::string signed_token = Rsa().Sign({}, Claims(), "RS256");
    std::string rest = signed_token.substr(signed_token.find('.'));
    for (const char* alg : {"RS384", "RS512", "PS512", "HS512", "ES384", "EdDSA", "rs256", ""}) {
        Json header = {{"alg", alg}, {"kid", "rsa-1"}};
        EXPECT_EQ(Verify(Base64UrlEncode(header.dump()) + rest, keys), KeyLookup::AlgorithmRefused)
            << alg;
    }
    Json numeric_alg = {{"alg", 256}, {"kid", "rsa-1"}};
    EXPECT_EQ(Verify(Base64UrlEncode(numeric_alg.dump()) + rest, keys),
              KeyLookup::AlgorithmRefused);
}

TEST(JoseVerify, RefusesAnAlgorithmOfTheOtherKeyType) {
    // RS256 named against the EC key (same kid), and the other way round.
    TestKey ec_named_like_rsa = TestKey::Ec("rsa-1");
    auto ec_only = Keys({ec_named_like_rsa.Jwk()});
    EXPECT_EQ(Verify(Rsa().Sign({}, Claims(), "RS256"), ec_only), KeyLookup::AlgorithmRefused);
    EXPECT_EQ(Verify(Rsa().Sign({{"kid", nullptr}}, Claims(), "RS256"), ec_only),
              KeyLookup::AlgorithmRefused);
    auto rsa_only = Keys({Rsa().Jwk()});
    TestKey rsa_named_like_ec = TestKey::Rsa("ec-1");
    std::string es = Ec().Sign({}, Claims(), "ES256");
    EXPECT_EQ(Verify(es, Keys({rsa_named_like_ec.Jwk()})), KeyLookup::AlgorithmRefused);
    EXPECT_EQ(Verify(Ec().Sign({{"kid", nullptr}}, Claims(), "ES256"), rsa_only),
              KeyLookup::AlgorithmRefused);
}

TEST(JoseVerify, RefusesAnAlgorithmOtherThanTheKeysOwn) {
    Json pinned = Rsa().Jwk();
    pinned["alg"] = "PS256";
    auto keys = Keys({pinned});
    EXPECT_EQ(Verify(Rsa().Sign({}, Claims(), "RS256"), keys), KeyLookup::AlgorithmRefused);
    EXPECT_EQ(Verify(Rsa().Sign({}, Claims(), "PS256"), keys), KeyLookup::Verified);
}

TEST(JoseVerify, UnknownKidIsReportedSoThatTheCallerMayRefetch) {
    auto keys = Keys({Rsa().Jwk(), Ec().Jwk()});
    std::string error;
    EXPECT_EQ(Verify(OtherRsa().Sign({}, Claims(), "RS256"), keys, &error), KeyLookup::UnknownKid);
    EXPECT_NE(error.find("rsa-2"), std::string::npos) << error;
    EXPECT_EQ(Verify(Rsa().Sign({}, Claims(), "RS256"), {}), KeyLookup::UnknownKid);
    Json numeric_kid = {{"kid", 1}};
    EXPECT_EQ(Verify(Rsa().Sign(numeric_kid, Claims(), "RS256"), keys), KeyLookup::BadSignature);
}

TEST(JoseVerify, RefusesBadSignatures) {
    auto keys = Keys({Rsa().Jwk(), Ec().Jwk()});
    // Another key's signature under this kid.
    EXPECT_EQ(Verify(OtherRsa().Sign({{"kid", "rsa-1"}}, Claims(), "RS256"), keys),
              KeyLookup::BadSignature);
    // Claims changed after signing.
    std::string token = Rsa().Sign({}, Claims(), "RS256");
    Json changed = Claims();
    changed["sub"] = "mallory";
    std::string first = token.substr(0, token.find('.'));
    std::string last = token.substr(token.rfind('.'));
    EXPECT_EQ(Verify(first + "." + Base64UrlEncode(changed.dump()) + last, keys),
              KeyLookup::BadSignature);
    // RS256 and PS256 are not interchangeable.
    std::string ps = Rsa().Sign({}, Claims(), "PS256");
    Json rs_header = {{"alg", "RS256"}, {"kid", "rsa-1"}};
    EXPECT_EQ(Verify(Base64UrlEncode(rs_header.dump()) + ps.substr(ps.find('.')), keys),
              KeyLookup::BadSignature);

    // ES256: a flipped bit, a short signature, the DER form instead of r || s.
    std::string es = Ec().Sign({}, Claims(), "ES256");
    std::string prefix = es.substr(0, es.rfind('.') + 1);
    std::string raw;
    ASSERT_TRUE(Base64UrlDecode(es.substr(es.rfind('.') + 1), raw));
    ASSERT_EQ(raw.size(), 64u);
    std::string flipped = raw;
    flipped[10] = static_cast<char>(flipped[10] ^ 0x01);
    EXPECT_EQ(Verify(prefix + Base64UrlEncode(flipped), keys), KeyLookup::BadSignature);
    EXPECT_EQ(Verify(prefix + Base64UrlEncode(raw.substr(0, 63)), keys), KeyLookup::BadSignature);
    EXPECT_EQ(Verify(prefix + Base64UrlEncode(std::string(64, '\0')), keys),
              KeyLookup::BadSignature);
    std::string der = "\x30\x44\x02\x20" + raw.substr(0, 32) + "\x02\x20" + raw.substr(32);
    EXPECT_EQ(Verify(prefix + Base64UrlEncode(der), keys), KeyLookup::BadSignature);
    EXPECT_EQ(Verify(prefix, keys), KeyLookup::BadSignature);  // empty signature
}

// [SECTION] ID token claims

bool CheckId(const Json& claims, std::string& error, IdentityClaims* out = nullptr,
             int64_t now = kNow) {
    IdTokenExpectations expect;
    expect.issuer = "https://idp.example";
    expect.client_id = "portal";
    expect.nonce = "n-0S6_WzA2Mj";
    expect.now = now;
    IdentityClaims ignored;
    return CheckIdTokenClaims(claims, expect, out ? *out : ignored, error);
}

// The claim named first in the error ("aud: ..."), "" when the claims pass.
std::string FailingClaim(const Json& claims, int64_t now = kNow) {
    std::string error;
    if (CheckId(claims, error, nullptr, now)) return "";
    return error.substr(0, error.find(':'));
}

Json With(Json claims, const char* name, Json value) {
    claims[name] = std::move(value);
    return claims;
}

Json Without(Json claims, const char* name) {
    claims.erase(name);
    return claims;
}

TEST(JoseIdToken, AcceptsGoodClaimsAndReturnsTheIdentity) {
    IdentityClaims identity;
    std::string error;
    ASSERT_TRUE(CheckId(Claims(), error, &identity)) << error;
    EXPECT_EQ(identity.issuer, "https://idp.example");
    EXPECT_EQ(identity.subject, "alice-sub");
    EXPECT_EQ(identity.email, "alice@example.com");
    EXPECT_TRUE(identity.email_verified);
    EXPECT_EQ(identity.name, "Alice");
    EXPECT_EQ(identity.sid, "session-1");

    // Only a JSON true verifies an email (the nOAuth takeovers trusted less).
    ASSERT_TRUE(CheckId(With(Claims(), "email_verified", "true"), error, &identity));
    EXPECT_FALSE(identity.email_verified);
    ASSERT_TRUE(CheckId(Without(Without(Claims(), "email_verified"), "email"), error, &identity));
    EXPECT_FALSE(identity.email_verified);
    EXPECT_EQ(identity.email, "");
}

TEST(JoseIdToken, IssuerMustMatchExactly) {
    EXPECT_EQ(FailingClaim(With(Claims(), "iss", "https://idp.example/")), "iss");
    EXPECT_EQ(FailingClaim(With(Claims(), "iss", "https://evil.example")), "iss");
    EXPECT_EQ(FailingClaim(With(Claims(), "iss", Json::array({"https://idp.example"}))), "iss");
    EXPECT_EQ(FailingClaim(Without(Claims(), "iss")), "iss");
}

TEST(JoseIdToken, AudienceMustHoldTheClientIdAsStringOrInAnArray) {
    EXPECT_EQ(FailingClaim(With(Claims(), "aud", Json::array({"other", "portal"}))), "");
    EXPECT_EQ(FailingClaim(With(Claims(), "aud", "other")), "aud");
    EXPECT_EQ(FailingClaim(With(Claims(), "aud", Json::array({"other"}))), "aud");
    EXPECT_EQ(FailingClaim(With(Claims(), "aud", Json::array())), "aud");
    EXPECT_EQ(FailingClaim(With(Claims(), "aud", Json::array({"portal", 1}))), "aud");
    EXPECT_EQ(FailingClaim(With(Claims(), "aud", "portal2")), "aud");
    EXPECT_EQ(FailingClaim(Without(Claims(), "aud")), "aud");
}

TEST(JoseIdToken, AuthorizedPartyWhenPresentMustBeTheClient) {
    Json several = With(Claims(), "aud", Json::array({"portal", "api"}));
    EXPECT_EQ(FailingClaim(With(several, "azp", "portal")), "");
    EXPECT_EQ(FailingClaim(With(several, "azp", "api")), "azp");
    EXPECT_EQ(FailingClaim(With(Claims(), "azp", "other")), "azp");
    EXPECT_EQ(FailingClaim(With(Claims(), "azp", 5)), "azp");
}

TEST(JoseIdToken, ExpiryAllowsSixtySecondsOfSkew) {
    EXPECT_EQ(FailingClaim(With(Claims(), "exp", kNow - 59)), "");
    EXPECT_EQ(FailingClaim(With(Claims(), "exp", kNow - 60)), "exp");
    EXPECT_EQ(FailingClaim(With(Claims(), "exp", kNow - 61)), "exp");
    EXPECT_EQ(FailingClaim(With(Claims(), "exp", kNow - 58.5)), "");  // fractional NumericDate
    EXPECT_EQ(FailingClaim(With(Claims(), "exp", std::to_string(kNow + 300))), "exp");
    EXPECT_EQ(FailingClaim(Without(Claims(), "exp")), "exp");
}

TEST(JoseIdToken, IssuedAtAllowsSixtySecondsOfSkew) {
    EXPECT_EQ(FailingClaim(With(Claims(), "iat", kNow + 60)), "");
    EXPECT_EQ(FailingClaim(With(Claims(), "iat", kNow + 61)), "iat");
    EXPECT_EQ(FailingClaim(With(Claims(), "iat", kNow - 3600)), "");
    EXPECT_EQ(FailingClaim(With(Claims(), "iat", nullptr)), "iat");
    EXPECT_EQ(FailingClaim(Without(Claims(), "iat")), "iat");
}

TEST(JoseIdToken, NotBeforeAllowsSixtySecondsOfSkew) {
    EXPECT_EQ(FailingClaim(With(Claims(), "nbf", kNow + 60)), "");
    EXPECT_EQ(FailingClaim(With(Claims(), "nbf", kNow + 61)), "nbf");
    EXPECT_EQ(FailingClaim(With(Claims(), "nbf", "soon")), "nbf");
}

TEST(JoseIdToken, NonceMustMatchExactly) {
    EXPECT_EQ(FailingClaim(With(Claims(), "nonce", "other")), "nonce");
    EXPECT_EQ(FailingClaim(With(Claims(), "nonce", "n-0S6_WzA2Mj ")), "nonce");
    EXPECT_EQ(FailingClaim(Without(Claims(), "nonce")), "nonce");
}

TEST(JoseIdToken, SubjectIsRequired) {
    EXPECT_EQ(FailingClaim(Without(Claims(), "sub")), "sub");
    EXPECT_EQ(FailingClaim(With(Claims(), "sub", "")), "sub");
    EXPECT_EQ(FailingClaim(With(Claims(), "sub", 42)), "sub");
    EXPECT_EQ(FailingClaim(With(Claims(), "sub", std::string(256, 's'))), "sub");
}

// How the sign-in callback uses the pieces (OidcClient::VerifySigned does the first two).
TEST(JoseIdToken, SignedTokenVerifiedThenClaimsChecked) {
    std::string compact = Ec().Sign({{"typ", "JWT"}}, Claims(), "ES256");
    Jws jws;
    std::string error;
    ASSERT_TRUE(ParseJws(compact, jws, error)) << error;
    ASSERT_EQ(VerifyJws(jws, Keys({Rsa().Jwk(), Ec().Jwk()}), error), KeyLookup::Verified) << error;
    IdentityClaims identity;
    ASSERT_TRUE(CheckId(jws.claims, error, &identity)) << error;
    EXPECT_EQ(identity.subject, "alice-sub");
}

// [SECTION] Back-channel logout tokens

Json LogoutClaimsJson() {
    return {{"iss", "https://idp.example"},
            {"aud", "portal"},
            {"iat", kNow - 10},
            {"jti", "jti-1"},
            {"sid", "session-1"},
            {"sub", "alice-sub"},
            {"events", {{"http://schemas.openid.net/event/backchannel-logout", Json::object()}}}};
}

std::string FailingLogoutClaim(const Json& claims, LogoutClaims* out = nullptr) {
    LogoutClaims ignored;
    std::string error;
    if (CheckLogoutTokenClaims(claims, "https://idp.example", "portal", kNow, 60, 300,
                               out ? *out : ignored, error)) {
        return "";
    }
    return error.substr(0, error.find(':'));
}

TEST(JoseLogoutToken, AcceptsSidAndOrSub) {
    LogoutClaims out;
    EXPECT_EQ(FailingLogoutClaim(LogoutClaimsJson(), &out), "");
    EXPECT_EQ(out.subject, "alice-sub");
    EXPECT_EQ(out.sid, "session-1");
    EXPECT_EQ(out.jti, "jti-1");
    EXPECT_EQ(out.iat, kNow - 10);
    EXPECT_EQ(FailingLogoutClaim(Without(LogoutClaimsJson(), "sub"), &out), "");
    EXPECT_EQ(out.subject, "");
    EXPECT_EQ(FailingLogoutClaim(Without(LogoutClaimsJson(), "sid"), &out), "");
    EXPECT_EQ(out.sid, "");
}

TEST(JoseLogoutToken, RefusesWithoutSidAndSub) {
    EXPECT_EQ(FailingLogoutClaim(Without(Without(LogoutClaimsJson(), "sid"), "sub")), "sid");
    EXPECT_NE(FailingLogoutClaim(With(Without(LogoutClaimsJson(), "sid"), "sub", "")), "");
    EXPECT_NE(FailingLogoutClaim(With(LogoutClaimsJson(), "sid", 3)), "");
}

TEST(JoseLogoutToken, RequiresTheBackChannelLogoutEvent) {
    EXPECT_EQ(FailingLogoutClaim(Without(LogoutClaimsJson(), "events")), "events");
    EXPECT_EQ(FailingLogoutClaim(With(LogoutClaimsJson(), "events", Json::object())), "events");
    EXPECT_EQ(
        FailingLogoutClaim(With(LogoutClaimsJson(), "events",
                                {{"http://schemas.openid.net/event/backchannel-logout", true}})),
        "events");
    EXPECT_EQ(FailingLogoutClaim(With(LogoutClaimsJson(), "events",
                                      Json::array({"http://schemas.openid.net/event/"
                                                   "backchannel-logout"}))),
              "events");
}

TEST(JoseLogoutToken, RefusesANonceSoThatAnIdTokenCannotPass) {
    EXPECT_EQ(FailingLogoutClaim(With(LogoutClaimsJson(), "nonce", "n-0S6_WzA2Mj")), "nonce");
    // An ID token as such: no events, a nonce.
    EXPECT_NE(FailingLogoutClaim(Claims()), "");
}

TEST(JoseLogoutToken, ChecksIssuerAudienceJtiAndTime) {
    EXPECT_EQ(FailingLogoutClaim(With(LogoutClaimsJson(), "iss", "https://other.example")), "iss");
    EXPECT_EQ(FailingLogoutClaim(With(LogoutClaimsJson(), "aud", Json::array({"x"}))), "aud");
    EXPECT_EQ(FailingLogoutClaim(With(LogoutClaimsJson(), "aud", Json::array({"x", "portal"}))),
              "");
    EXPECT_EQ(FailingLogoutClaim(Without(LogoutClaimsJson(), "jti")), "jti");
    EXPECT_EQ(FailingLogoutClaim(With(LogoutClaimsJson(), "jti", "")), "jti");
    EXPECT_EQ(FailingLogoutClaim(Without(LogoutClaimsJson(), "iat")), "iat");
    EXPECT_EQ(FailingLogoutClaim(With(LogoutClaimsJson(), "iat", kNow + 60)), "");
    EXPECT_EQ(FailingLogoutClaim(With(LogoutClaimsJson(), "iat", kNow + 61)), "iat");
    EXPECT_EQ(FailingLogoutClaim(With(LogoutClaimsJson(), "iat", kNow - 300)), "");
    EXPECT_EQ(FailingLogoutClaim(With(LogoutClaimsJson(), "iat", kNow - 301)), "iat");
    EXPECT_EQ(FailingLogoutClaim(With(LogoutClaimsJson(), "exp", kNow - 61)), "exp");
    EXPECT_EQ(FailingLogoutClaim(With(LogoutClaimsJson(), "exp", kNow + 120)), "");
}

// [SECTION] PKCE

TEST(JosePkce, MatchesRfc7636AppendixB) {
    EXPECT_EQ(CodeChallengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
              "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(JosePkce, VerifiersAre43RandomBase64UrlCharacters) {
    std::set<std::string> seen;
    for (int i = 0; i < 20; ++i) {
        std::string verifier = NewCodeVerifier();
        ASSERT_EQ(verifier.size(), 43u);
        std::string bytes;
        EXPECT_TRUE(Base64UrlDecode(verifier, bytes));
        EXPECT_EQ(bytes.size(), 32u);
        seen.insert(verifier);
    }
    EXPECT_EQ(seen.size(), 20u);
}

}  // namespace
}  // namespace portal::server::sso
