// People in JSON: the user, GET /me's document and the sign-in body, both ways.
#include "api/people_json.h"

#include <gtest/gtest.h>

namespace portal::api {
namespace {

TEST(PeopleJsonTest, MeRoundTripsWithIssueNames) {
    Me me;
    me.user = {7, "ana@example.com", "Ana", "fr"};
    me.memberships = {{3, "admin"}};        // R-ACC-1
    me.delegations = {{4, "readonly", 9}};  // R-ACC-6
    me.is_operator = true;
    Json json = MeToJson(me);
    EXPECT_EQ(json["user"]["email"], "ana@example.com");
    EXPECT_EQ(json["memberships"][0]["accountId"], 3);
    EXPECT_EQ(json["delegations"][0]["partnerOrgId"], 9);
    EXPECT_EQ(json["operator"], true);

    Me back;
    std::vector<FieldError> errors;
    ASSERT_TRUE(MeFromJson(json, back, errors)) << errors.size();
    EXPECT_EQ(back.user.id, 7);
    EXPECT_EQ(back.user.language, "fr");
    ASSERT_EQ(back.memberships.size(), 1u);
    EXPECT_EQ(back.memberships[0].role, "admin");
    ASSERT_EQ(back.delegations.size(), 1u);
    EXPECT_EQ(back.delegations[0].account_id, 4);
    EXPECT_TRUE(back.is_operator);
}

// Issue 16: a partner member sees the organisation's public code; an older server's document
// without partnerOrgs still reads (as none).
TEST(PeopleJsonTest, MeCarriesThePartnerOrganisationsAndTheirCodes) {
    Me me;
    me.user = {5, "sam@example.com", "Sam", ""};
    me.partner_orgs = {{3, "Fabrikam Services", "P-7KQ3-M9ZX", "admin"}};
    Json json = MeToJson(me);
    EXPECT_EQ(json["partnerOrgs"], Json::parse(R"([{"id":3,"name":"Fabrikam Services",)"
                                               R"("code":"P-7KQ3-M9ZX","role":"admin"}])"));
    Me back;
    std::vector<FieldError> errors;
    ASSERT_TRUE(MeFromJson(json, back, errors)) << errors.size();
    ASSERT_EQ(back.partner_orgs.size(), 1u);
    EXPECT_EQ(back.partner_orgs[0].code, "P-7KQ3-M9ZX");
    EXPECT_EQ(back.partner_orgs[0].role, "admin");

    json.erase("partnerOrgs");
    ASSERT_TRUE(MeFromJson(json, back, errors)) << errors.size();
    EXPECT_TRUE(back.partner_orgs.empty());
}

// Issue 16: a language the user never chose is null, and reads back as "" (not chosen).
TEST(PeopleJsonTest, ALanguageNotChosenIsNull) {
    User user{7, "ana@example.com", "Ana", ""};
    Json json = UserToJson(user);
    EXPECT_TRUE(json["language"].is_null());
    User back;
    back.language = "fr";
    std::vector<FieldError> errors;
    ASSERT_TRUE(UserFromJson(json, back, errors));
    EXPECT_EQ(back.language, "");
    Json absent = json;
    absent.erase("language");
    ASSERT_TRUE(UserFromJson(absent, back, errors));
    EXPECT_EQ(back.language, "");
    EXPECT_TRUE(errors.empty());
}

TEST(PeopleJsonTest, LoginRequestNamesMissingAndEmptyFields) {
    LoginRequest login;
    std::vector<FieldError> errors;
    EXPECT_FALSE(LoginRequestFromJson(Json{{"email", ""}}, login, errors));
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].field, "email");
    EXPECT_EQ(errors[1].field, "password");

    errors.clear();
    ASSERT_TRUE(LoginRequestFromJson(LoginRequestToJson({"a@b.c", "pw"}), login, errors));
    EXPECT_EQ(login.email, "a@b.c");
    EXPECT_EQ(login.password, "pw");
}

}  // namespace
}  // namespace portal::api
