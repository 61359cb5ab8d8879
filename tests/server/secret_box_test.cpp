// Secrets at rest (security/secret_box.h): sealing round trips and refuses tampered, foreign
// and malformed text; the key comes from the configuration or from a key file created 0600 on
// first use and read back on the next; a key file that is not one, or that others may read, is
// refused. HMAC-SHA256 against RFC 4231's vectors.
#include "server/security/secret_box.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server_fixture.h"

namespace portal::server {
namespace {

using testing::TempDir;

std::array<unsigned char, 32> KeyOf(unsigned char fill) {
    std::array<unsigned char, 32> key;
    key.fill(fill);
    return key;
}

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

unsigned ModeOf(const std::string& path) {
    struct stat info {};
    stat(path.c_str(), &info);
    return info.st_mode & 07777;
}

TEST(SecretBox, SealsAndUnseals) {
    SecretBox box(KeyOf(7));
    for (std::string plain : {std::string(), std::string("hunter2"), std::string(5000, 'z'),
                              std::string("with\0nul", 8)}) {
        std::string sealed = box.Seal(plain);
        EXPECT_EQ(sealed.rfind("v1:", 0), 0u);
        EXPECT_EQ(sealed.find(plain.empty() ? "\x01" : plain), std::string::npos);
        std::string back = "untouched";
        ASSERT_TRUE(box.Unseal(sealed, back));
        EXPECT_EQ(back, plain);
    }
}

TEST(SecretBox, FreshNonceEachTime) {
    SecretBox box(KeyOf(7));
    EXPECT_NE(box.Seal("same"), box.Seal("same"));
}

TEST(SecretBox, TamperedTextIsRefused) {
    SecretBox box(KeyOf(7));
    std::string sealed = box.Seal("client-secret-value");
    std::string plain = "untouched";
    for (size_t i = 3; i < sealed.size(); ++i) {
        std::string tampered = sealed;
        // Another base64 character at i (the last may only differ in bits decoding ignores).
        tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
        if (tampered == sealed) continue;
        EXPECT_FALSE(box.Unseal(tampered, plain)) << "position " << i;
    }
    EXPECT_FALSE(box.Unseal(sealed.substr(0, sealed.size() - 4), plain));
    EXPECT_FALSE(box.Unseal(sealed + "AAAA", plain));
    EXPECT_EQ(plain, "untouched");
}

TEST(SecretBox, OtherKeyIsRefused) {
    SecretBox box(KeyOf(7));
    SecretBox other(KeyOf(8));
    std::string plain;
    EXPECT_FALSE(other.Unseal(box.Seal("secret"), plain));
}

TEST(SecretBox, MalformedTextIsRefused) {
    SecretBox box(KeyOf(7));
    std::string plain;
    for (const char* text : {"", "v1:", "v1:!!!!", "v2:AAAA", "secret", "v1:AAAA", "V1:AAAA"}) {
        EXPECT_FALSE(box.Unseal(text, plain)) << text;
    }
    std::string sealed = box.Seal("x");
    EXPECT_FALSE(box.Unseal("v2:" + sealed.substr(3), plain));
}

TEST(SecretBox, MacIsStableKeyedAndChecked) {
    SecretBox box(KeyOf(7));
    SecretBox other(KeyOf(8));
    std::string mac = box.Mac("unsubscribe:42:anne@example.com");
    EXPECT_EQ(mac.size(), 64u);
    EXPECT_EQ(mac.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(mac, box.Mac("unsubscribe:42:anne@example.com"));
    EXPECT_NE(mac, box.Mac("unsubscribe:43:anne@example.com"));
    EXPECT_NE(mac, other.Mac("unsubscribe:42:anne@example.com"));
    // Not the HMAC under the box key itself: the MAC key is derived.
    std::array<unsigned char, 32> raw = KeyOf(7);
    EXPECT_NE(mac, HmacSha256Hex(std::string_view(reinterpret_cast<const char*>(raw.data()), 32),
                                 "unsubscribe:42:anne@example.com"));
    EXPECT_TRUE(box.CheckMac("unsubscribe:42:anne@example.com", mac));
    EXPECT_FALSE(box.CheckMac("unsubscribe:43:anne@example.com", mac));
    EXPECT_FALSE(box.CheckMac("unsubscribe:42:anne@example.com", mac.substr(1)));
    EXPECT_FALSE(box.CheckMac("unsubscribe:42:anne@example.com", ""));
}

TEST(HmacSha256Hex, Rfc4231Vectors) {
    // Test case 1.
    EXPECT_EQ(HmacSha256Hex(std::string(20, '\x0b'), "Hi There"),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    // Test case 2.
    EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // Test case 6: a key longer than the block.
    EXPECT_EQ(HmacSha256Hex(std::string(131, '\xaa'),
                            "Test Using Larger Than Block-Size Key - Hash Key First"),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Open

TEST(SecretBoxOpen, KeyFileIsCreated0600AndReused) {
    TempDir dir;
    Config config;
    config.db_path = dir / "portal.db";
    std::string error;
    auto first = SecretBox::Open(config, error);
    ASSERT_TRUE(first) << error;
    std::string path = dir / "portal.db.key";
    ASSERT_TRUE(std::filesystem::exists(path));
    EXPECT_EQ(ModeOf(path), 0600u);
    std::string text = ReadAll(path);
    EXPECT_EQ(text.size(), 65u);
    EXPECT_EQ(text.substr(0, 64).find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(text.back(), '\n');
    // Nothing left behind but the key file and no database yet.
    int entries = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        ++entries;
        EXPECT_EQ(entry.path().filename(), "portal.db.key");
    }
    EXPECT_EQ(entries, 1);

    std::string sealed = first->Seal("ServiceNow password");
    auto second = SecretBox::Open(config, error);
    ASSERT_TRUE(second) << error;
    EXPECT_EQ(ReadAll(path), text);
    std::string plain;
    ASSERT_TRUE(second->Unseal(sealed, plain));
    EXPECT_EQ(plain, "ServiceNow password");
    EXPECT_EQ(second->Mac("m"), first->Mac("m"));
}

TEST(SecretBoxOpen, ExplicitKeyFilePath) {
    TempDir dir;
    Config config;
    config.db_path = dir / "portal.db";
    config.secret_key_file = dir / "keys.hex";
    std::string error;
    ASSERT_TRUE(SecretBox::Open(config, error)) << error;
    EXPECT_TRUE(std::filesystem::exists(dir / "keys.hex"));
    EXPECT_FALSE(std::filesystem::exists(dir / "portal.db.key"));
}

TEST(SecretBoxOpen, BadKeyFilesAreRefused) {
    TempDir dir;
    Config config;
    config.secret_key_file = dir / "portal.key";
    std::string error;
    const std::string key(64, 'a');
    struct Case {
        std::string content;
        mode_t mode;
        std::string says;
    };
    for (const Case& bad : {Case{"not a key\n", 0600, "does not hold a key"},
                            Case{key.substr(0, 62) + "\n", 0600, "does not hold a key"},
                            Case{key + "aa\n", 0600, "does not hold a key"},
                            Case{std::string(63, 'a') + "g", 0600, "does not hold a key"},
                            Case{"", 0600, "does not hold a key"},
                            Case{key + "\n", 0644, "open to group or others (mode 0644)"},
                            Case{key + "\n", 0640, "open to group or others"},
                            Case{key + "\n", 0602, "open to group or others"}}) {
        std::filesystem::remove(config.secret_key_file);
        testing::WriteFile(config.secret_key_file, bad.content);
        chmod(config.secret_key_file.c_str(), bad.mode);
        error.clear();
        EXPECT_FALSE(SecretBox::Open(config, error)) << bad.content;
        EXPECT_NE(error.find(bad.says), std::string::npos) << error;
        EXPECT_NE(error.find(config.secret_key_file), std::string::npos) << error;
        // The file is left as it was: never replaced by a new key.
        EXPECT_EQ(ReadAll(config.secret_key_file), bad.content);
    }
}

TEST(SecretBoxOpen, AKeyFileWithoutNewlineIsAccepted) {
    TempDir dir;
    Config config;
    config.secret_key_file = dir / "portal.key";
    testing::WriteFile(config.secret_key_file, std::string(64, 'B'));
    chmod(config.secret_key_file.c_str(), 0400);
    std::string error;
    EXPECT_TRUE(SecretBox::Open(config, error)) << error;
}

TEST(SecretBoxOpen, MissingDirectoryIsAnError) {
    TempDir dir;
    Config config;
    config.secret_key_file = dir / "no/such/dir/portal.key";
    std::string error;
    EXPECT_FALSE(SecretBox::Open(config, error));
    EXPECT_NE(error.find("cannot create key file"), std::string::npos) << error;
}

// A passphrase (not 64 hex digits) is hashed into the key: every server given it opens what
// another sealed, and another passphrase opens nothing.
TEST(SecretBoxOpen, APassphraseDerivesTheSameKeyEverywhere) {
    TempDir dir;
    Config config;
    config.db_path = dir / "portal.db";
    config.secret_key = "correct horse battery staple";
    std::string error;
    auto first = SecretBox::Open(config, error);
    auto second = SecretBox::Open(config, error);
    ASSERT_TRUE(first && second) << error;
    EXPECT_FALSE(std::filesystem::exists(dir / "portal.db.key"));
    std::string plain;
    ASSERT_TRUE(second->Unseal(first->Seal("servicenow-password"), plain));
    EXPECT_EQ(plain, "servicenow-password");
    config.secret_key = "correct horse battery stapler";
    auto other = SecretBox::Open(config, error);
    ASSERT_TRUE(other) << error;
    EXPECT_FALSE(other->Unseal(first->Seal("servicenow-password"), plain));
}

TEST(SecretBoxOpen, ConfigHexKeyWinsOverTheFile) {
    TempDir dir;
    Config config;
    config.db_path = dir / "portal.db";
    config.secret_key = std::string(64, '0').replace(0, 2, "7F");
    std::string error;
    auto box = SecretBox::Open(config, error);
    ASSERT_TRUE(box) << error;
    EXPECT_FALSE(std::filesystem::exists(dir / "portal.db.key"));
    // The same key as the raw bytes: 0x7f then zeros.
    std::array<unsigned char, 32> raw{};
    raw[0] = 0x7f;
    SecretBox same(raw);
    std::string plain;
    ASSERT_TRUE(same.Unseal(box->Seal("webhook secret"), plain));
    EXPECT_EQ(plain, "webhook secret");

    config.secret_key = "xyz";
    EXPECT_FALSE(SecretBox::Open(config, error));
    EXPECT_EQ(error,
              "secret key: expected 64 hex digits or a passphrase of at least 16 characters");
}

}  // namespace
}  // namespace portal::server
