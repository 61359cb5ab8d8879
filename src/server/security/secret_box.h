// Secrets at rest: the ServiceNow passwords and client secrets, and the webhook secrets, that the
// server must itself send are stored sealed (libsodium's crypto_secretbox: XSalsa20-Poly1305)
// under one server key, so that a copy of the database alone reveals none of them. The key
// comes from the configuration (64 hex digits) or from a key file beside the database, created
// on the first start. Servers sharing a database must share the key.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "server/config.h"

namespace portal::server {

class SecretBox {
  public:
    // The key from config.secret_key (hex), else from the key file (config.secret_key_file, or
    // config.db_path + ".key" when empty), created with 32 random bytes (64 hex digits and a
    // newline, mode 0600, written to a temporary file then linked into place, so that a reader
    // never sees half a key and two servers starting together end up with the same one) when
    // missing. A key file with other content, or that group or others may read or write, is an
    // error saying so. nullptr with error on failure; error never holds key material.
    static std::unique_ptr<SecretBox> Open(const Config& config, std::string& error);

    explicit SecretBox(std::array<unsigned char, 32> key);
    ~SecretBox();
    SecretBox(const SecretBox&) = delete;
    SecretBox& operator=(const SecretBox&) = delete;

    // "v1:" + base64(nonce || crypto_secretbox_easy(plain)) with a fresh random nonce: sealing
    // the same text twice gives two different strings.
    std::string Seal(std::string_view plain) const;
    // false for anything not sealed by this key (tampered, other key, malformed).
    bool Unseal(std::string_view sealed, std::string& plain) const;

    // An unforgeable tag for message (the alert mails' unsubscribe links): lower-case hex
    // HMAC-SHA256 under a sub-key derived from the box key with crypto_kdf (context "PortalMc",
    // sub-key 1), so that a tag reveals nothing usable against the sealing key. Stable for as
    // long as the key is: links stay valid across restarts.
    std::string Mac(std::string_view message) const;
    // Whether mac is Mac(message), compared in constant time.
    bool CheckMac(std::string_view message, std::string_view mac) const;

  private:
    std::array<unsigned char, 32> key_;
    std::array<unsigned char, 32> mac_key_;
};

// HMAC-SHA256 of message under key (any length), lower-case hex (libsodium
// crypto_auth_hmacsha256): the webhook signature.
std::string HmacSha256Hex(std::string_view key, std::string_view message);

}  // namespace portal::server
