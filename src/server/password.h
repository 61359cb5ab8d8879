// Password hashing and the random tokens of sign-in, over libsodium: Argon2id hashes stored as
// their encoded string ("$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>"), verified in constant
// time; session tokens of 256 random bits, stored only as their SHA-256.
#pragma once

#include <cstddef>
#include <string>

namespace portal::server {

// Argon2id's cost. libsodium always uses one lane (p=1).
struct PasswordCost {
    unsigned long long ops = 2;       // t: passes over memory
    size_t memory_bytes = 19u << 20;  // m: 19 MiB

    // OWASP's Password Storage Cheat Sheet, Argon2id: m=19 MiB, t=2, p=1 (its first option).
    static PasswordCost Owasp() { return {}; }
    // Tests only (ServerTest sets it through Config::password_cost): libsodium's minimum, so
    // that a suite hashing hundreds of passwords stays fast. Never reachable from env or flags.
    static PasswordCost TestOnlyMinimum() { return {1, 8u << 10}; }
};

// libsodium's one-time initialisation; false when it failed (no entropy source).
bool InitCrypto();

// The encoded Argon2id string of password with a fresh random salt; false on failure (out of
// memory).
bool HashPassword(const std::string& password, const PasswordCost& cost, std::string& encoded);

// Constant-time verification of password against an encoded hash; false for an empty or
// malformed hash.
bool VerifyPassword(const std::string& encoded, const std::string& password);

// 32 random bytes as unpadded URL-safe base64 (43 characters): a session token.
std::string NewRandomToken();

// A partner organisation's public code (R-ACC-6, issue 16): "P-XXXX-XXXX", 40 random bits from
// kPartnerCodeAlphabet (no 0/O, no 1/I: read aloud or copied by hand without doubt).
inline constexpr const char* kPartnerCodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
std::string NewPartnerCode();

// Lowercase hex of SHA-256(text): how a token is stored and looked up.
std::string Sha256Hex(const std::string& text);

}  // namespace portal::server
