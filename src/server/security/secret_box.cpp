// libsodium behind security/secret_box.h: the key file, sealing, and the HMACs.
#include "server/security/secret_box.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include "server/password.h"

namespace portal::server {
namespace {

constexpr std::string_view kPrefix = "v1:";
constexpr size_t kKeyBytes = crypto_secretbox_KEYBYTES;
static_assert(kKeyBytes == 32 && crypto_kdf_KEYBYTES == 32);

std::string Hex(const unsigned char* bytes, size_t size) {
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes, size);
    hex.pop_back();
    return hex;
}

bool ParseHexKey(std::string_view text, std::array<unsigned char, 32>& key) {
    if (text.size() != 64) return false;
    size_t length = 0;
    const char* end = nullptr;
    return sodium_hex2bin(key.data(), key.size(), text.data(), text.size(), nullptr, &length,
                          &end) == 0 &&
           length == key.size() && end == text.data() + text.size();
}

std::string Errno() {
    return std::strerror(errno);
}

enum class KeyRead { Ok, Missing, Error };

KeyRead ReadKeyFile(const std::string& path, std::array<unsigned char, 32>& key,
                    std::string& error) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return KeyRead::Missing;
        error = "cannot read key file " + path + ": " + Errno();
        return KeyRead::Error;
    }
    struct stat info {};
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        close(fd);
        error = "key file " + path + " is not a regular file";
        return KeyRead::Error;
    }
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        close(fd);
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
        error = "key file " + path + " is open to group or others (mode " + mode +
                "): make it readable by its owner only (chmod 600)";
        return KeyRead::Error;
    }
    char buffer[128];
    ssize_t n = read(fd, buffer, sizeof buffer);
    close(fd);
    std::string text(buffer, n > 0 ? static_cast<size_t>(n) : 0);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    bool ok = ParseHexKey(text, key);
    sodium_memzero(buffer, sizeof buffer);
    sodium_memzero(text.data(), text.size());
    if (!ok) {
        error = "key file " + path + " does not hold a key (expected 64 hex digits)";
        return KeyRead::Error;
    }
    return KeyRead::Ok;
}

// A new key written whole to a temporary file (mode 0600 from mkstemp) and linked into place:
// link fails when another server created the file meanwhile, and then that key is the one.
// Falls back to rename on file systems without hard links. false with error on failure;
// created is false when the file appeared meanwhile (read it instead).
bool CreateKeyFile(const std::string& path, bool& created, std::string& error) {
    created = false;
    std::array<unsigned char, 32> key;
    randombytes_buf(key.data(), key.size());
    std::string text = Hex(key.data(), key.size()) + "\n";
    sodium_memzero(key.data(), key.size());
    std::string temp = path + ".tmp-XXXXXX";
    int fd = mkstemp(temp.data());
    if (fd < 0) {
        error = "cannot create key file " + path + ": " + Errno();
        sodium_memzero(text.data(), text.size());
        return false;
    }
    bool written = fchmod(fd, S_IRUSR | S_IWUSR) == 0 &&
                   write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                   fsync(fd) == 0;
    int saved = errno;
    close(fd);
    sodium_memzero(text.data(), text.size());
    if (!written) {
        unlink(temp.c_str());
        errno = saved;
        error = "cannot write key file " + path + ": " + Errno();
        return false;
    }
    if (link(temp.c_str(), path.c_str()) == 0) {
        unlink(temp.c_str());
        created = true;
    } else if (errno == EEXIST) {
        unlink(temp.c_str());
        return true;
    } else if (rename(temp.c_str(), path.c_str()) == 0) {
        created = true;
    } else {
        error = "cannot create key file " + path + ": " + Errno();
        unlink(temp.c_str());
        return false;
    }
    // The new name must survive a crash too: sync the directory that holds it.
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    int dir = open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        fsync(dir);
        close(dir);
    }
    return true;
}

}  // namespace

std::unique_ptr<SecretBox> SecretBox::Open(const Config& config, std::string& error) {
    if (!InitCrypto()) {
        error = "libsodium could not be initialised";
        return nullptr;
    }
    std::array<unsigned char, 32> key;
    if (!config.secret_key.empty()) {
        // 64 hex digits are the key itself; any other value (a passphrase from a secrets
        // manager, base64) is hashed into one, so every server given it derives the same key.
        if (!ParseHexKey(config.secret_key, key)) {
            if (config.secret_key.size() < 16) {
                error =
                    "secret key: expected 64 hex digits or a passphrase of at least 16 "
                    "characters";
                return nullptr;
            }
            static constexpr char kContext[] = "portal secret key v1";
            crypto_generichash(key.data(), key.size(),
                               reinterpret_cast<const unsigned char*>(config.secret_key.data()),
                               config.secret_key.size(),
                               reinterpret_cast<const unsigned char*>(kContext),
                               sizeof kContext - 1);
        }
        auto box = std::make_unique<SecretBox>(key);
        sodium_memzero(key.data(), key.size());
        return box;
    }
    std::string path =
        config.secret_key_file.empty() ? config.db_path + ".key" : config.secret_key_file;
    // Twice at most: a file that another server created between our read and our link.
    for (int attempt = 0; attempt < 2; ++attempt) {
        switch (ReadKeyFile(path, key, error)) {
            case KeyRead::Ok: {
                auto box = std::make_unique<SecretBox>(key);
                sodium_memzero(key.data(), key.size());
                return box;
            }
            case KeyRead::Error:
                return nullptr;
            case KeyRead::Missing:
                break;
        }
        bool created = false;
        if (!CreateKeyFile(path, created, error)) return nullptr;
    }
    if (ReadKeyFile(path, key, error) == KeyRead::Ok) {
        auto box = std::make_unique<SecretBox>(key);
        sodium_memzero(key.data(), key.size());
        return box;
    }
    if (error.empty()) error = "key file " + path + " vanished while it was being created";
    return nullptr;
}

SecretBox::SecretBox(std::array<unsigned char, 32> key) : key_(key) {
    InitCrypto();
    crypto_kdf_derive_from_key(mac_key_.data(), mac_key_.size(), 1, "PortalMc", key_.data());
    sodium_memzero(key.data(), key.size());
}

SecretBox::~SecretBox() {
    sodium_memzero(key_.data(), key_.size());
    sodium_memzero(mac_key_.data(), mac_key_.size());
}

std::string SecretBox::Seal(std::string_view plain) const {
    std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                   plain.size());
    unsigned char* nonce = box.data();
    randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES,
                          reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), nonce,
                          key_.data());
    std::string text(sodium_base64_ENCODED_LEN(box.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(text.data(), text.size(), box.data(), box.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    text.resize(std::strlen(text.c_str()));
    return std::string(kPrefix) + text;
}

bool SecretBox::Unseal(std::string_view sealed, std::string& plain) const {
    if (sealed.substr(0, kPrefix.size()) != kPrefix) return false;
    std::string_view text = sealed.substr(kPrefix.size());
    std::vector<unsigned char> box(text.size() / 4 * 3 + 3);
    size_t length = 0;
    const char* end = nullptr;
    if (sodium_base642bin(box.data(), box.size(), text.data(), text.size(), nullptr, &length, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != text.data() + text.size()) {
        return false;
    }
    if (length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return false;
    size_t cipher = length - crypto_secretbox_NONCEBYTES;
    std::string out(cipher - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()),
                                   box.data() + crypto_secretbox_NONCEBYTES, cipher, box.data(),
                                   key_.data()) != 0) {
        return false;
    }
    plain = std::move(out);
    return true;
}

std::string SecretBox::Mac(std::string_view message) const {
    return HmacSha256Hex(
        std::string_view(reinterpret_cast<const char*>(mac_key_.data()), mac_key_.size()), message);
}

bool SecretBox::CheckMac(std::string_view message, std::string_view mac) const {
    std::string expected = Mac(message);
    return mac.size() == expected.size() &&
           sodium_memcmp(mac.data(), expected.data(), expected.size()) == 0;
}

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
    crypto_auth_hmacsha256_state state;
    unsigned char digest[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                                key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size());
    crypto_auth_hmacsha256_final(&state, digest);
    sodium_memzero(&state, sizeof state);
    return Hex(digest, sizeof digest);
}

}  // namespace portal::server
