// libsodium behind the four functions of password.h.
#include "server/password.h"

#include <sodium.h>

namespace portal::server {

bool InitCrypto() {
    return sodium_init() >= 0;  // 1: already initialised
}

bool HashPassword(const std::string& password, const PasswordCost& cost, std::string& encoded) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.memory_bytes,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return false;
    }
    encoded = out;
    return true;
}

bool VerifyPassword(const std::string& encoded, const std::string& password) {
    if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return false;
    // crypto_pwhash_str_verify recomputes the hash with the parameters in the string and
    // compares in constant time; it reads a NUL-terminated string (std::string's c_str is one).
    return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

std::string NewRandomToken() {
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    char text[sodium_base64_ENCODED_LEN(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(text, sizeof text, bytes, sizeof bytes,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(bytes, sizeof bytes);
    return text;
}

std::string NewPartnerCode() {
    std::string code = "P-";
    for (int i = 0; i < 8; ++i) {
        if (i == 4) code += '-';
        code += kPartnerCodeAlphabet[randombytes_uniform(32)];
    }
    return code;
}

std::string Sha256Hex(const std::string& text) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

}  // namespace portal::server
