// Issue 16, what a newcomer tripped over and the input checks: products by name, the answer to
// a serial another customer holds, email syntax, control characters in one-line text, CSV cells
// that a spreadsheet would run as formulas, and the language a user chose.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api_fixture.h"
#include "core/csv.h"
#include "server/net/outbound.h"

namespace portal::server::testing {
namespace {

using api::Json;

constexpr const char* kPassword = "a long enough password";

class InputChecksTest : public ApiTest {
  protected:
    std::string Devices(Id account) const { return Account(account, "/devices"); }

    // The language of the newest mail to email, as the outbox recorded it.
    std::string MailLanguage(const std::string& email) const {
        std::vector<std::string> found = Texts(
            "SELECT language FROM outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1", email);
        return found.empty() ? "" : found[0];
    }

    ApiAnswer Invite(const ApiClient& admin, Id account, const std::string& email) const {
        return admin.Post(Account(account, "/invitations"),
                          {{"email", email}, {"role", "readonly"}});
    }

    static std::string FieldOf(const ApiAnswer& answer) {
        const Json& fields = answer.json["error"]["details"]["fields"];
        return fields.empty() ? "" : fields[0].value("field", "");
    }
};

// ---------------------------------------------------------------------------------------------
// Products by name (R-ROOM-3)

TEST_F(InputChecksTest, ADeviceIsPlacedWithTheProductsNameOrItsId) {
    ApiClient anne = SignInAs(kAnne);
    ApiAnswer by_name =
        anne.Post(Devices(NorthwindHq()), {{"serial", "2240NM-0001"}, {"product", "Rally Bar"}});
    ASSERT_EQ(by_name.status, 201) << by_name.body;
    EXPECT_EQ(by_name.json["device"]["product"], "rally-bar");
    ApiAnswer spaced =
        anne.Post(Devices(NorthwindHq()), {{"serial", "2240NM-0002"}, {"product", " RALLY  BAR "}});
    ASSERT_EQ(spaced.status, 201) << spaced.body;
    EXPECT_EQ(spaced.json["device"]["product"], "rally-bar");
    ApiAnswer by_id =
        anne.Post(Devices(NorthwindHq()), {{"serial", "2240NM-0003"}, {"product", "rally-bar"}});
    ASSERT_EQ(by_id.status, 201) << by_id.body;
    EXPECT_EQ(by_id.json["device"]["product"], "rally-bar");
    ApiAnswer unknown =
        anne.Post(Devices(NorthwindHq()), {{"serial", "2240NM-0004"}, {"product", "Toaster"}});
    EXPECT_EQ(unknown.status, 409);
    EXPECT_EQ(unknown.Rule(), "R-ROOM-3");
}

// ---------------------------------------------------------------------------------------------
// A serial another customer holds (R-ROOM-3)

TEST_F(InputChecksTest, ASerialHeldElsewhereIsAnsweredWithoutConfirmingAnotherCustomer) {
    ApiClient anne = SignInAs(kAnne);
    ASSERT_EQ(
        anne.Post(Devices(NorthwindHq()), {{"serial", "2240HD-0001"}, {"product", "tap"}}).status,
        201);
    ApiClient dana = SignInAs(kDana);
    ApiAnswer held =
        dana.Post(Devices(Contoso()), {{"serial", "2240HD-0001"}, {"product", "Rally Bar"}});
    EXPECT_EQ(held.status, 409);
    EXPECT_EQ(held.Rule(), "R-ROOM-3");
    EXPECT_EQ(held.json["error"]["message"],
              "This serial number cannot be registered. If the device is yours, contact support "
              "with its proof of purchase.");
    EXPECT_EQ(held.body.find("Northwind"), std::string::npos);
    EXPECT_EQ(held.body.find("already"), std::string::npos);

    // The caller's own mistakes are checked first: a held serial with a bad product answers
    // exactly like a free serial with a bad product (the serial aside).
    ApiAnswer held_bad =
        dana.Post(Devices(Contoso()), {{"serial", "2240HD-0001"}, {"product", "toaster"}});
    ApiAnswer fresh_bad =
        dana.Post(Devices(Contoso()), {{"serial", "2240HD-0999"}, {"product", "toaster"}});
    EXPECT_EQ(held_bad.status, fresh_bad.status);
    EXPECT_EQ(held_bad.body, fresh_bad.body);
    // A missing room of the caller's, too.
    ApiAnswer held_room = dana.Post(
        Devices(Contoso()), {{"serial", "2240HD-0001"}, {"product", "tap"}, {"roomId", 999999}});
    ApiAnswer fresh_room = dana.Post(
        Devices(Contoso()), {{"serial", "2240HD-0999"}, {"product", "tap"}, {"roomId", 999999}});
    EXPECT_EQ(held_room.status, fresh_room.status);
    EXPECT_EQ(held_room.body, fresh_room.body);
    // French callers read it in French.
    ApiAnswer french =
        dana.Post(Devices(Contoso()), {{"serial", "2240HD-0001"}, {"product", "tap"}},
                  {{"Accept-Language", "fr-FR,fr;q=0.9"}});
    EXPECT_EQ(french.status, 409);
    EXPECT_NE(french.body.find("ne peut pas"), std::string::npos) << french.body;
}

// ---------------------------------------------------------------------------------------------
// The language a user chose

TEST_F(InputChecksTest, ALanguageIsStoredOnlyWhenTheUserChoosesIt) {
    ApiClient anne = SignInAs(kAnne);
    ASSERT_EQ(Invite(anne, NorthwindHq(), "nina@northwind.example").status, 201);
    EXPECT_EQ(MailLanguage("nina@northwind.example"), "fr") << "the account is in France";
    ApiClient nina = Anonymous();
    ApiAnswer accepted =
        nina.Post("/api/v1/invitations/accept", {{"token", TokenMailedTo("nina@northwind.example")},
                                                 {"name", "Nina Roux"},
                                                 {"password", kPassword}});
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_TRUE(accepted.json["user"]["language"].is_null()) << accepted.body;
    nina.set_cookie(SessionCookieOf(accepted));
    ApiAnswer me = nina.Get("/api/v1/me");
    ASSERT_EQ(me.status, 200);
    EXPECT_TRUE(me.json["user"]["language"].is_null()) << me.body;

    // Not chosen: a mail from an account in Germany speaks English, whatever the first
    // account's country made the stored default.
    ASSERT_EQ(Invite(SignInAs(kDana), Contoso(), "nina@northwind.example").status, 201);
    EXPECT_EQ(MailLanguage("nina@northwind.example"), "en");

    for (const Json& bad : {Json{{"language", "de"}}, Json{{"language", 1}}, Json::object()}) {
        ApiAnswer refused = nina.Patch("/api/v1/me", bad);
        EXPECT_EQ(refused.status, 400) << refused.body;
        EXPECT_EQ(FieldOf(refused), "language") << refused.body;
    }
    ApiAnswer chosen = nina.Patch("/api/v1/me", {{"language", "fr"}});
    ASSERT_EQ(chosen.status, 200) << chosen.body;
    EXPECT_EQ(chosen.json["user"]["language"], "fr");
    EXPECT_EQ(nina.Get("/api/v1/me").json["user"]["language"], "fr");
    EXPECT_EQ(Anonymous().Patch("/api/v1/me", {{"language", "fr"}}).status, 401);

    // Chosen: a partner organisation's invitation (no country) speaks it.
    ApiAnswer partner = SignInAs(kOlivia).Post(
        "/api/v1/partners", {{"name", "Roux Conseil"}, {"adminEmail", "nina@northwind.example"}});
    ASSERT_EQ(partner.status, 201) << partner.body;
    EXPECT_EQ(MailLanguage("nina@northwind.example"), "fr");
}

TEST_F(InputChecksTest, TheInvitationPageSendsTheLanguageChosen) {
    ApiClient anne = SignInAs(kAnne);
    ASSERT_EQ(Invite(anne, NorthwindHq(), "owen@northwind.example").status, 201);
    std::string token = TokenMailedTo("owen@northwind.example");
    ApiAnswer bad = Anonymous().Post(
        "/api/v1/invitations/accept",
        {{"token", token}, {"name", "Owen"}, {"password", kPassword}, {"language", "es"}});
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(FieldOf(bad), "language");
    ApiAnswer accepted = Anonymous().Post(
        "/api/v1/invitations/accept",
        {{"token", token}, {"name", "Owen"}, {"password", kPassword}, {"language", "en"}});
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_EQ(accepted.json["user"]["language"], "en");
    EXPECT_EQ(QueryInt("SELECT language_chosen FROM users WHERE email = 'owen@northwind.example'"),
              1);
    // Chosen English: an invitation from the French account speaks English.
    ASSERT_EQ(Invite(SignInAs(kDana), Contoso(), "owen@northwind.example").status, 201);
    EXPECT_EQ(MailLanguage("owen@northwind.example"), "en");
}

TEST_F(InputChecksTest, DemoUsersChoseTheirLanguage) {
    EXPECT_EQ(SignInAs(kAnne).Get("/api/v1/me").json["user"]["language"], "fr");
    EXPECT_EQ(SignInAs(kDana).Get("/api/v1/me").json["user"]["language"], "en");
}

// ---------------------------------------------------------------------------------------------
// One email syntax

TEST_F(InputChecksTest, EveryEmailIsCheckedWithOneSyntax) {
    ApiClient anne = SignInAs(kAnne);
    ApiClient olivia = SignInAs(kOlivia);
    for (const char* email : {"a\"b@x.com", "a,b@x.com", "<a@x.com>", "a(c)@x.com", "a\\b@x.com",
                              "a@[127.0.0.1]", "a@x", "a@x.com\r\nBcc: y@z.com"}) {
        SCOPED_TRACE(email);
        ApiAnswer invited = Invite(anne, NorthwindHq(), email);
        EXPECT_EQ(invited.status, 400) << invited.body;
        EXPECT_EQ(FieldOf(invited), "email");
        ApiAnswer partner =
            olivia.Post("/api/v1/partners", {{"name", "Partner X"}, {"adminEmail", email}});
        EXPECT_EQ(partner.status, 400) << partner.body;
        EXPECT_EQ(FieldOf(partner), "adminEmail");
        ApiAnswer discover =
            Anonymous().Get("/api/v1/auth/sso/discover?email=" + net::PercentEncode(email));
        EXPECT_EQ(discover.status, 400) << discover.body;
        EXPECT_EQ(FieldOf(discover), "email");
    }
    ApiAnswer fine = Invite(anne, NorthwindHq(), "first.last+tag@sub.example.co.uk");
    EXPECT_EQ(fine.status, 201) << fine.body;
}

// ---------------------------------------------------------------------------------------------
// Control characters in one-line text

TEST_F(InputChecksTest, NamesRefuseControlCharacters) {
    ApiClient anne = SignInAs(kAnne);
    ASSERT_EQ(Invite(anne, NorthwindHq(), "eve@northwind.example").status, 201);
    ApiAnswer eve = Anonymous().Post("/api/v1/invitations/accept",
                                     {{"token", TokenMailedTo("eve@northwind.example")},
                                      {"name", "Eve\r\nBcc: x@y.com"},
                                      {"password", kPassword}});
    EXPECT_EQ(eve.status, 400) << eve.body;
    EXPECT_EQ(FieldOf(eve), "name");

    ApiAnswer room =
        anne.Post(Account(NorthwindHq(), "/rooms"),
                  {{"name", "Salle\nBis"}, {"site", "Lyon"}, {"country", "FR"}, {"capacity", 4}});
    EXPECT_EQ(room.status, 400) << room.body;
    EXPECT_EQ(FieldOf(room), "name");
    ApiAnswer site =
        anne.Post(Account(NorthwindHq(), "/rooms"), {{"name", "Salle Bis"},
                                                     {"site", std::string("Lyon\0", 5)},
                                                     {"country", "FR"},
                                                     {"capacity", 4}});
    EXPECT_EQ(site.status, 400) << site.body;
    EXPECT_EQ(FieldOf(site), "site");
    ApiAnswer imported =
        anne.PostText(Account(NorthwindHq(), "/rooms/import"),
                      "name,country,capacity\r\n\"Salle\tTab\",FR,4\r\n", "text/csv");
    EXPECT_EQ(imported.status, 400) << imported.body;
    EXPECT_EQ(FieldOf(imported), "rooms[0].name");

    ApiAnswer partner = SignInAs(kOlivia).Post(
        "/api/v1/partners", {{"name", "Bad\x1B[31m Partner"}, {"adminEmail", "p@x.example"}});
    EXPECT_EQ(partner.status, 400) << partner.body;
    EXPECT_EQ(FieldOf(partner), "name");
    ApiAnswer link = anne.Post(Account(NorthwindHq(), "/kiosk-links"), {{"name", "Lobby\r\nX"}});
    EXPECT_EQ(link.status, 400) << link.body;
    EXPECT_EQ(FieldOf(link), "name");
    EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM users WHERE email = 'eve@northwind.example'"), 0);
}

// ---------------------------------------------------------------------------------------------
// CSV injection

// What the portal's own export writes (core CsvLine) imports back unchanged, formulas included.
TEST_F(InputChecksTest, FormulaLikeRoomNamesRoundTripThroughTheCsvImport) {
    const std::vector<std::string> names = {"=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3",
                                            "@SUM(A1)"};
    std::string csv = CsvLine({"name", "site", "country", "capacity"});
    for (const std::string& name : names) csv += CsvLine({name, "=Lyon", "FR", "4"});
    EXPECT_NE(csv.find("'=HYPERLINK"), std::string::npos) << csv;
    EXPECT_NE(csv.find("'-2+3"), std::string::npos) << csv;
    ApiAnswer imported =
        SignInAs(kAnne).PostText(Account(NorthwindHq(), "/rooms/import"), csv, "text/csv");
    ASSERT_EQ(imported.status, 201) << imported.body;
    ASSERT_EQ(imported.json["created"].size(), names.size());
    for (size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(imported.json["created"][i]["name"], names[i]);
        EXPECT_EQ(imported.json["created"][i]["site"], "=Lyon");
    }
}

}  // namespace
}  // namespace portal::server::testing
