// The pieces of sign-in without a server: Argon2id hashes and tokens, the CSRF decision, the
// sign-in rate limiter, and what a Caller may do (R-ACC-1 roles, R-ACC-6 delegations).
#include <gtest/gtest.h>

#include "server/auth.h"
#include "server/password.h"
#include "server/people.h"
#include "server/store.h"
#include "server_fixture.h"
#include "test_database.h"

namespace portal::server {
namespace {

TEST(PasswordTest, OwaspCostGivesAnEncodedArgon2idHashThatVerifies) {
    ASSERT_TRUE(InitCrypto());
    std::string hash;
    ASSERT_TRUE(HashPassword("correct horse", PasswordCost::Owasp(), hash));
    // OWASP's Password Storage Cheat Sheet: Argon2id, m=19 MiB, t=2, p=1.
    EXPECT_EQ(hash.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << hash;
    EXPECT_TRUE(VerifyPassword(hash, "correct horse"));
    EXPECT_FALSE(VerifyPassword(hash, "correct horse "));
    EXPECT_FALSE(VerifyPassword("", "correct horse"));
    EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "correct horse"));
    std::string again;
    ASSERT_TRUE(HashPassword("correct horse", PasswordCost::Owasp(), again));
    EXPECT_NE(hash, again);  // a fresh salt each time
}

TEST(PasswordTest, TokensAre256RandomBitsStoredAsSha256) {
    ASSERT_TRUE(InitCrypto());
    std::string a = NewRandomToken(), b = NewRandomToken();
    EXPECT_EQ(a.size(), 43u);  // 32 bytes, unpadded base64url
    EXPECT_NE(a, b);
    EXPECT_EQ(
        a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(SessionCookieTest, FoundAmongOtherCookies) {
    EXPECT_EQ(SessionTokenFromCookies("a=1; portal_session=TOKEN; b=2"), "TOKEN");
    EXPECT_EQ(SessionTokenFromCookies("portal_session=T"), "T");
    EXPECT_EQ(SessionTokenFromCookies("portal_session_x=T; xportal_session=U"), "");
    EXPECT_EQ(SessionTokenFromCookies(""), "");
}

RequestFacts Post(std::string origin = "", std::string fetch_site = "") {
    RequestFacts facts;
    facts.method = "POST";
    facts.content_type = "application/json; charset=utf-8";
    facts.has_body = true;
    facts.requested_with = "portal";
    facts.origin = std::move(origin);
    facts.sec_fetch_site = std::move(fetch_site);
    facts.host = "127.0.0.1:8080";
    return facts;
}

int Status(const RequestFacts& facts, const std::string& public_url = "https://portal.example") {
    std::optional<api::ApiError> refusal = CheckRequestOrigin(facts, public_url);
    return refusal ? refusal->status : 0;
}

TEST(CsrfTest, StateChangingRequestsMustComeFromThePortal) {
    EXPECT_EQ(Status(Post()), 0);
    EXPECT_EQ(Status(Post("https://portal.example")), 0);
    EXPECT_EQ(Status(Post("https://PORTAL.example:443")), 0);  // default port, any case
    EXPECT_EQ(Status(Post("http://127.0.0.1:8080")), 0);       // the Host it was sent to
    EXPECT_EQ(Status(Post("", "same-origin")), 0);
    EXPECT_EQ(Status(Post("https://evil.example")), 403);
    EXPECT_EQ(Status(Post("http://portal.example")), 403);  // another scheme is another origin
    EXPECT_EQ(Status(Post("null")), 403);                   // an opaque origin
    EXPECT_EQ(Status(Post("", "cross-site")), 403);

    RequestFacts no_header = Post();
    no_header.requested_with.clear();
    EXPECT_EQ(Status(no_header), 403);
    RequestFacts text = Post();
    text.content_type = "text/plain";
    EXPECT_EQ(Status(text), 415);
    RequestFacts form = Post();
    form.content_type = "application/x-www-form-urlencoded";
    EXPECT_EQ(Status(form), 415);
    RequestFacts empty = Post();
    empty.has_body = false;
    empty.content_type.clear();
    EXPECT_EQ(Status(empty), 0);  // a bodiless POST needs no content type

    for (const char* method : {"GET", "HEAD"}) {
        RequestFacts read = Post("https://evil.example", "cross-site");
        read.method = method;
        read.requested_with.clear();
        EXPECT_EQ(Status(read), 0) << method;
    }
    for (const char* method : {"PUT", "PATCH", "DELETE"}) {
        RequestFacts write = Post();
        write.method = method;
        write.requested_with.clear();
        EXPECT_EQ(Status(write), 403) << method;
    }
}

TEST(CsrfTest, OriginsAreNormalised) {
    EXPECT_EQ(NormaliseOrigin("HTTPS://Portal.Example:443/path?x"), "https://portal.example");
    EXPECT_EQ(NormaliseOrigin("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
    EXPECT_EQ(NormaliseOrigin("http://h:80"), "http://h");
    EXPECT_EQ(NormaliseOrigin("null"), "");
}

// The limiter counts in the database (issue 18: every server of a database sees the same
// failures): each test on a fresh one, of the backend this run is for.
class LoginRateLimiterTest : public ::testing::Test {
  protected:
    void SetUp() override {
        Config config;
        std::string error;
        ASSERT_TRUE(database_.Create(dir_ / "limiter.db", config, error)) << error;
        store_ = Store::Open(database_.target(), error);
        ASSERT_TRUE(store_) << error;
    }

    testing::TempDir dir_;
    testing::TestDatabase database_;
    std::unique_ptr<Store> store_;
};

TEST_F(LoginRateLimiterTest, CountsFailuresPerEmailAndAddressInAWindow) {
    LoginRateLimiter limiter(*store_, 2, 3, 100);
    EXPECT_EQ(limiter.RetryAfter("a@x", "1.1.1.1", 1000), 0);
    limiter.RecordFailure("a@x", "1.1.1.1", 1000);
    limiter.RecordFailure("a@x", "1.1.1.1", 1010);
    EXPECT_EQ(limiter.RetryAfter("a@x", "2.2.2.2", 1020), 80);  // the email is locked
    EXPECT_EQ(limiter.RetryAfter("b@x", "1.1.1.1", 1020), 0);   // the address is not yet
    limiter.RecordFailure("b@x", "1.1.1.1", 1020);
    EXPECT_EQ(limiter.RetryAfter("c@x", "1.1.1.1", 1030), 70);  // now it is
    EXPECT_EQ(limiter.RetryAfter("a@x", "2.2.2.2", 1099), 1);
    EXPECT_EQ(limiter.RetryAfter("a@x", "2.2.2.2", 1100), 0);  // the oldest left the window
    limiter.RecordFailure("d@x", "3.3.3.3", 2000);
    limiter.RecordSuccess("d@x");
    limiter.RecordFailure("d@x", "3.3.3.3", 2001);
    EXPECT_EQ(limiter.RetryAfter("d@x", "4.4.4.4", 2002), 0);  // success forgot the first
}

// Issue 16: someone guessing an email's password from elsewhere no longer locks its owner out.
// Over the per-email limit, an address with no failure in the window may still try: a correct
// password passes, a wrong one counts. The per-address limit holds for everyone.
TEST_F(LoginRateLimiterTest, ALockedEmailStillOpensToACleanAddress) {
    LoginRateLimiter limiter(*store_, 2, 3, 100);
    EXPECT_FALSE(limiter.Gate("a@x", "1.1.1.1", 1000).Refused());
    EXPECT_EQ(limiter.Gate("a@x", "1.1.1.1", 1000).retry_after, 0);
    limiter.RecordFailure("a@x", "6.6.6.6", 1000);
    limiter.RecordFailure("a@x", "6.6.6.6", 1010);
    LoginGate attacker = limiter.Gate("a@x", "6.6.6.6", 1020);
    EXPECT_TRUE(attacker.Refused());
    EXPECT_EQ(attacker.retry_after, 80);
    LoginGate owner = limiter.Gate("a@x", "1.1.1.1", 1020);
    EXPECT_FALSE(owner.Refused());
    EXPECT_TRUE(owner.correct_password_passes);
    EXPECT_EQ(owner.retry_after, 80);  // what a wrong password from there is told
    limiter.RecordFailure("a@x", "1.1.1.1", 1020);
    EXPECT_TRUE(limiter.Gate("a@x", "1.1.1.1", 1030).Refused()) << "that address failed now";
    EXPECT_FALSE(limiter.Gate("a@x", "2.2.2.2", 1030).Refused());
    // An address whose failure has left the window is clean again.
    limiter.RecordFailure("b@x", "3.3.3.3", 1000);
    limiter.RecordFailure("b@x", "4.4.4.4", 1090);
    limiter.RecordFailure("b@x", "4.4.4.4", 1095);
    EXPECT_TRUE(limiter.Gate("b@x", "3.3.3.3", 1099).Refused());
    LoginGate later = limiter.Gate("b@x", "3.3.3.3", 1100);
    EXPECT_FALSE(later.Refused());
    EXPECT_TRUE(later.correct_password_passes);
    // The per-address limit holds for every email.
    for (const char* email : {"c@x", "d@x", "e@x"}) limiter.RecordFailure(email, "5.5.5.5", 1200);
    LoginGate sprayer = limiter.Gate("fresh@x", "5.5.5.5", 1201);
    EXPECT_TRUE(sprayer.Refused());
    EXPECT_FALSE(sprayer.correct_password_passes);
}

// Issue 18: two servers on one database (two stores here) count the same failures, and a
// failure purges those that left the window.
TEST_F(LoginRateLimiterTest, ServersOfOneDatabaseCountTheSameFailures) {
    std::string error;
    std::unique_ptr<Store> other = Store::Open(database_.target(), error);
    ASSERT_TRUE(other) << error;
    LoginRateLimiter a(*store_, 2, 3, 100);
    LoginRateLimiter b(*other, 2, 3, 100);
    a.RecordFailure("a@x", "1.1.1.1", 1000);
    b.RecordFailure("a@x", "2.2.2.2", 1010);
    EXPECT_EQ(a.RetryAfter("a@x", "3.3.3.3", 1020), 80);
    EXPECT_EQ(b.RetryAfter("a@x", "3.3.3.3", 1020), 80);
    b.RecordSuccess("a@x");
    EXPECT_EQ(a.RetryAfter("a@x", "3.3.3.3", 1020), 0);

    auto rows = [&] {
        int64_t count = -1;
        std::string e;
        EXPECT_TRUE(store_->Read(
            [&](Store::Writer& r, std::string&) {
                Statement query = r.db().Prepare("SELECT count(*) FROM login_failures");
                if (query.Step() == Statement::StepResult::Row) count = query.ColumnInt(0);
                return true;
            },
            e))
            << e;
        return count;
    };
    EXPECT_EQ(rows(), 2);  // the two addresses' failures
    a.RecordFailure("c@x", "4.4.4.4", 1200);
    EXPECT_EQ(rows(), 2) << "the failures of 1000 and 1010 left the window: purged";
}

// R-ACC-1: Admin manages, Read-only reads. R-ACC-6: a partner's users act in the accounts
// delegated to their organisation, at most with their own role in the organisation.
TEST(CallerTest, RolesFromMembershipsAndDelegations) {
    UserAccess access;
    access.user.id = 5;
    access.memberships = {{10, Role::ReadOnly}, {11, Role::Admin}};
    access.delegations = {{10, Role::Admin, 3}, {12, Role::ReadOnly, 3}};
    Caller caller = Caller::From(access, 99);
    EXPECT_EQ(caller.user_id, 5);
    EXPECT_EQ(caller.session_id, 99);
    EXPECT_FALSE(caller.operator_);
    EXPECT_TRUE(caller.CanRead(10));
    EXPECT_TRUE(caller.CanAdmin(10));  // the better of membership and delegation
    EXPECT_TRUE(caller.CanAdmin(11));
    EXPECT_TRUE(caller.CanRead(12));
    EXPECT_FALSE(caller.CanAdmin(12));
    EXPECT_FALSE(caller.CanRead(13));
    EXPECT_FALSE(caller.CanAdmin(13));

    UserAccess operator_only;
    operator_only.operator_ = true;
    Caller op = Caller::From(operator_only, 1);
    EXPECT_TRUE(op.operator_);
    EXPECT_FALSE(op.CanRead(10));  // operators get no customer role implicitly
}

}  // namespace
}  // namespace portal::server
