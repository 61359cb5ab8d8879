// The Support suites' fixture of support_fixture.h.
#include "support_fixture.h"

#include <gtest/gtest.h>

#include "server/password.h"
#include "server/store.h"

namespace portal::server::testing {

namespace {

constexpr const char* kIvyEmail = "ivy@idle-partners.example";
constexpr const char* kIvyPassword = "idle-partner-pass";

}  // namespace

const char* NameOf(Who who) {
    switch (who) {
        case Who::Anne:
            return "admin (Anne)";
        case Who::Louis:
            return "read-only member (Louis)";
        case Who::Sam:
            return "partner with admin delegation (Sam)";
        case Who::Dana:
            return "another account's admin (Dana)";
        case Who::Ivy:
            return "partner without delegation (Ivy)";
        case Who::Olivia:
            return "operator (Olivia)";
    }
    return "?";
}

void SupportTest::Configure(Config& config) {
    AlertsTest::Configure(config);
    config.session_idle_seconds = 60 * 86400;
    config.session_lifetime_seconds = 60 * 86400;
}

void SupportTest::SetUp() {
    AlertsTest::SetUp();
    if (HasFatalFailure()) return;
    // Ivy: admin of a partner organisation no customer delegated to.
    std::string error;
    auto store = Store::Open(DatabaseTarget(config_), error);
    ASSERT_TRUE(store) << error;
    ASSERT_TRUE(InitCrypto());
    UserRecord ivy;
    ivy.email = kIvyEmail;
    ivy.name = "Ivy Idle";
    ASSERT_TRUE(HashPassword(kIvyPassword, config_.password_cost, ivy.password_hash));
    ASSERT_TRUE(store->Write(
        [&](Store::Writer& w, std::string& e) {
            return w.InsertUser(ivy, "2026-01-01T00:00:00Z", e) &&
                   w.InsertPartnerOrg("Idle Partners", ivy_partner_, e) &&
                   w.InsertPartnerMember(ivy.id, ivy_partner_, Role::Admin, e);
        },
        error))
        << error;
    store.reset();
    clients_[Who::Anne] = std::make_unique<ApiClient>(*anne_);
    clients_[Who::Louis] = std::make_unique<ApiClient>(SignInAs(kLouis));
    clients_[Who::Sam] = std::make_unique<ApiClient>(SignInAs(kSam));
    clients_[Who::Dana] = std::make_unique<ApiClient>(SignInAs(kDana));
    clients_[Who::Ivy] = std::make_unique<ApiClient>(SignInAs(kIvyEmail, kIvyPassword));
    clients_[Who::Olivia] = std::make_unique<ApiClient>(SignInAs(kOlivia));
}

Id SupportTest::UserId(Who who) const {
    switch (who) {
        case Who::Anne:
            return UserNamed(kAnne.email);
        case Who::Louis:
            return UserNamed(kLouis.email);
        case Who::Sam:
            return UserNamed(kSam.email);
        case Who::Dana:
            return UserNamed(kDana.email);
        case Who::Ivy:
            return UserNamed(kIvyEmail);
        case Who::Olivia:
            return UserNamed(kOlivia.email);
    }
    return 0;
}

SupportTest::Json SupportTest::OpenTicket(Json body, Who who, Id account) {
    if (!body.contains("subject")) body["subject"] = "The display flickers";
    if (!body.contains("severity")) body["severity"] = "normal";
    ApiAnswer answer = As(who).Post(AccountPath(account ? account : hq_, "tickets"), body);
    EXPECT_EQ(answer.status, 201) << answer.body;
    return answer.status == 201 ? answer.json["ticket"] : Json();
}

SupportTest::Json SupportTest::OpenRoomTicket(Id room, Json body, Who who) {
    ApiAnswer answer = As(who).Post(RoomPath(room, "/tickets"), body);
    EXPECT_EQ(answer.status, 201) << answer.body;
    return answer.status == 201 ? answer.json["ticket"] : Json();
}

SupportTest::Json SupportTest::Ticket(Id ticket, Who who) {
    ApiAnswer answer = As(who).Get(TicketPath(ticket));
    EXPECT_EQ(answer.status, 200) << answer.body;
    return answer.status == 200 ? answer.json : Json();
}

ApiAnswer SupportTest::Upload(Id ticket, const std::string& name, const std::string& bytes,
                              const std::string& type, Who who) {
    std::string encoded;
    for (unsigned char c : name) {
        static const char* kHex = "0123456789ABCDEF";
        if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
            encoded += static_cast<char>(c);
        } else {
            encoded += '%';
            encoded += kHex[c >> 4];
            encoded += kHex[c & 15];
        }
    }
    return As(who).PostText(TicketPath(ticket, "/attachments?name=" + encoded), bytes, type);
}

std::string PngBytes(size_t size) {
    std::string bytes = "\x89PNG\r\n\x1a\n";
    bytes.resize(std::max(size, bytes.size()), '\x01');
    return bytes;
}

std::string PdfBytes(size_t size) {
    std::string bytes = "%PDF-1.7\n";
    bytes.resize(std::max(size, bytes.size()), 'x');
    return bytes;
}

}  // namespace portal::server::testing
