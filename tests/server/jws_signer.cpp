// Signing for tests, over OpenSSL 3 (EVP_RSA_gen / EVP_EC_gen, EVP_DigestSign).
#include "jws_signer.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <stdexcept>

#include "server/sso/jose.h"

namespace portal::server::testing {
namespace {

using sso::Base64UrlEncode;

std::shared_ptr<void> Own(EVP_PKEY* pkey) {
    if (!pkey) throw std::runtime_error("key generation failed");
    return std::shared_ptr<void>(pkey, [](void* p) { EVP_PKEY_free(static_cast<EVP_PKEY*>(p)); });
}

std::string BnParam(EVP_PKEY* pkey, const char* name, int pad) {
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, name, &bn) != 1) throw std::runtime_error(name);
    int size = pad > 0 ? pad : BN_num_bytes(bn);
    std::string bytes(static_cast<size_t>(size), '\0');
    BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(bytes.data()), size);
    BN_free(bn);
    return Base64UrlEncode(bytes);
}

std::string SigningInput(api::Json header, const api::Json& claims) {
    return Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
}

// DER ECDSA-Sig-Value -> r || s, 32 bytes each (RFC 7518 §3.4).
std::string RawEcdsa(const std::string& der) {
    const unsigned char* in = reinterpret_cast<const unsigned char*>(der.data());
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &in, static_cast<long>(der.size()));
    if (!sig) throw std::runtime_error("bad ECDSA signature");
    std::string raw(64, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char*>(raw.data()), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
    ECDSA_SIG_free(sig);
    return raw;
}

}  // namespace

TestKey TestKey::Rsa(std::string kid, int bits) {
    TestKey key;
    key.kid = std::move(kid);
    key.pkey = Own(EVP_RSA_gen(static_cast<unsigned int>(bits)));
    return key;
}

TestKey TestKey::Ec(std::string kid) {
    TestKey key;
    key.kid = std::move(kid);
    key.pkey = Own(EVP_EC_gen("P-256"));
    return key;
}

api::Json TestKey::Jwk() const {
    auto* p = static_cast<EVP_PKEY*>(pkey.get());
    api::Json jwk = {{"use", "sig"}};
    if (!kid.empty()) jwk["kid"] = kid;
    if (EVP_PKEY_is_a(p, "RSA")) {
        jwk["kty"] = "RSA";
        jwk["n"] = BnParam(p, OSSL_PKEY_PARAM_RSA_N, 0);
        jwk["e"] = BnParam(p, OSSL_PKEY_PARAM_RSA_E, 0);
    } else {
        jwk["kty"] = "EC";
        jwk["crv"] = "P-256";
        jwk["x"] = BnParam(p, OSSL_PKEY_PARAM_EC_PUB_X, 32);
        jwk["y"] = BnParam(p, OSSL_PKEY_PARAM_EC_PUB_Y, 32);
    }
    return jwk;
}

std::string TestKey::PublicPem() const {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, static_cast<EVP_PKEY*>(pkey.get()));
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<size_t>(size));
    BIO_free(bio);
    return pem;
}

std::string TestKey::Sign(const api::Json& header_in, const api::Json& claims,
                          std::string alg) const {
    api::Json header = header_in.is_object() ? header_in : api::Json::object();
    header["alg"] = alg;
    if (!header.contains("kid") && !kid.empty()) header["kid"] = kid;
    if (header.contains("kid") && header["kid"].is_null()) header.erase("kid");
    std::string input = SigningInput(header, claims);

    EVP_MD_CTX* md = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    EVP_DigestSignInit(md, &pctx, EVP_sha256(), nullptr, static_cast<EVP_PKEY*>(pkey.get()));
    if (alg == "PS256") {
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256());
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
    }
    size_t size = 0;
    EVP_DigestSign(md, nullptr, &size, reinterpret_cast<const unsigned char*>(input.data()),
                   input.size());
    std::string signature(size, '\0');
    if (EVP_DigestSign(md, reinterpret_cast<unsigned char*>(signature.data()), &size,
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
        EVP_MD_CTX_free(md);
        throw std::runtime_error("signing failed");
    }
    EVP_MD_CTX_free(md);
    signature.resize(size);
    if (alg == "ES256") signature = RawEcdsa(signature);
    return input + "." + Base64UrlEncode(signature);
}

std::string SignHs256(const api::Json& header_in, const api::Json& claims,
                      std::string_view secret) {
    api::Json header = header_in.is_object() ? header_in : api::Json::object();
    header["alg"] = "HS256";
    std::string input = SigningInput(header, claims);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &size);
    return input + "." + Base64UrlEncode(std::string(reinterpret_cast<char*>(mac), size));
}

std::string UnsignedJws(const api::Json& header_in, const api::Json& claims) {
    api::Json header = header_in.is_object() ? header_in : api::Json::object();
    header["alg"] = "none";
    return SigningInput(header, claims) + ".";
}

}  // namespace portal::server::testing
