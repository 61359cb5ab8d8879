// The audit log's sentences (app/views/audit_text.h): the room actions as before, and the
// vendor's support reading the account (issue 14) said in words, English and French.
#include "app/views/audit_text.h"

#include <gtest/gtest.h>

namespace portal::app {
namespace {

TEST(AuditSentence, SaysWhatTheVendorSupportRead) {
    Translator tr;
    EXPECT_EQ(AuditSentence(tr, nullptr, "support.read", "GET /api/v1/accounts/3/rooms"),
              "Vendor support read the rooms");
    EXPECT_EQ(AuditSentence(tr, nullptr, "support.read", "GET /api/v1/accounts/3"),
              "Vendor support read the account");
    EXPECT_EQ(AuditSentence(tr, nullptr, "support.read", "GET /api/v1/accounts/3/alerts?state=all"),
              "Vendor support read the alerts");
    EXPECT_EQ(AuditSentence(tr, nullptr, "support.read",
                            "GET /api/v1/accounts/3/insights/summary"
                            "?days=7"),
              "Vendor support read the Insights summary");
    EXPECT_EQ(AuditSentence(tr, nullptr, "support.read", "GET /api/v1/alerts/41"),
              "Vendor support read alert #41");
    // A path it has no words for is shown as it is.
    EXPECT_EQ(AuditSentence(tr, nullptr, "support.read", "GET /api/v1/rooms/12/ticket-proposal"),
              "Vendor support read /api/v1/rooms/12/ticket-proposal");

    tr.set_language(Language::French);
    EXPECT_EQ(AuditSentence(tr, nullptr, "support.read", "GET /api/v1/accounts/3/status"),
              "Le support du fournisseur a consulté l'état en direct");
    EXPECT_EQ(AuditSentence(tr, nullptr, "support.read", "GET /api/v1/accounts/3/audit"),
              "Le support du fournisseur a consulté le journal d'audit");
    EXPECT_TRUE(tr.missing().empty());
}

TEST(AuditSentence, NamesTheRoomReadWhenTheAccountIsKnown) {
    State account;
    Room room;
    room.id = 12;
    room.account_id = 3;
    room.name = "Salle Étoile";
    account.rooms.push_back(room);
    Translator tr;
    EXPECT_EQ(AuditSentence(tr, &account, "support.read", "GET /api/v1/rooms/12"),
              "Vendor support read room Salle Étoile");
    EXPECT_EQ(AuditSentence(tr, nullptr, "support.read", "GET /api/v1/rooms/12"),
              "Vendor support read room #12");
    tr.set_language(Language::French);
    EXPECT_EQ(AuditSentence(tr, &account, "support.read", "GET /api/v1/rooms/12/entitlements"),
              "Le support du fournisseur a consulté les droits de la salle Salle Étoile");
}

TEST(AuditSentence, KeepsTheRoomActions) {
    Translator tr;
    EXPECT_EQ(AuditSentence(tr, nullptr, "room.create", "room:12"), "Room created");
    EXPECT_EQ(AuditSentence(tr, nullptr, "license.assign", "room:12"), "License assigned");
    EXPECT_EQ(AuditSentence(tr, nullptr, "something.new", "room:12"), "something.new");
    tr.set_language(Language::French);
    EXPECT_EQ(AuditSentence(tr, nullptr, "room.delete", "room:12"), "Salle supprimée");
}

}  // namespace
}  // namespace portal::app
