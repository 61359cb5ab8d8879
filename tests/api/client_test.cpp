// The REST client keeps network failure, HTTP error and unreadable body apart, and hands every
// completion to the poster (the app's between-frames queue).
#include "api/client.h"

#include <gtest/gtest.h>

#include <deque>

namespace portal::api {
namespace {

class ScriptedTransport : public Transport {
  public:
    std::deque<HttpResponse> answers;
    std::vector<HttpRequest> sent;
    void Send(HttpRequest request, std::function<void(HttpResponse)> done) override {
        sent.push_back(std::move(request));
        HttpResponse answer = answers.front();
        answers.pop_front();
        done(std::move(answer));
    }
};

struct ClientTest : ::testing::Test {
    ScriptedTransport transport;
    std::vector<std::function<void()>> posted;
    Client client{transport, [this](std::function<void()> work) { posted.push_back(work); }};

    Result<Health> FetchHealth(HttpResponse answer) {
        transport.answers.push_back(std::move(answer));
        Result<Health> outcome;
        client.GetHealth([&](Result<Health> result) { outcome = std::move(result); });
        EXPECT_EQ(posted.size(), 1u) << "the completion must go through the poster";
        for (auto& work : posted) work();
        posted.clear();
        return outcome;
    }
};

TEST_F(ClientTest, SendsPortalHeaders) {
    FetchHealth(
        {200, R"({"status":"ok","version":"1","database":{"state":"ok","schemaVersion":1,"backend":"sqlite"}})", ""});
    ASSERT_EQ(transport.sent.size(), 1u);
    EXPECT_EQ(transport.sent[0].path, "/api/v1/health");
    bool has_marker = false;
    for (auto& [name, value] : transport.sent[0].headers) {
        if (name == "X-Requested-With" && value == "portal") has_marker = true;
    }
    EXPECT_TRUE(has_marker);
}

TEST_F(ClientTest, SuccessParsesTheBody) {
    auto result = FetchHealth(
        {200, R"({"status":"ok","version":"0.1.0","database":{"state":"ok","schemaVersion":3,"backend":"postgresql"}})",
         ""});
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.value.version, "0.1.0");
    EXPECT_EQ(result.value.database.schema_version, 3);
}

TEST_F(ClientTest, NoAnswerIsANetworkFailure) {
    auto result = FetchHealth({0, "", "connection refused"});
    EXPECT_EQ(result.failure, Failure::Network);
    EXPECT_EQ(result.error.status, 0);
}

TEST_F(ClientTest, ErrorStatusCarriesTheEnvelope) {
    auto result = FetchHealth(
        {409,
         R"({"error":{"code":"rule_violation","message":"No.","details":{"rule":"R-ROOM-1"}}})",
         ""});
    EXPECT_EQ(result.failure, Failure::Http);
    EXPECT_EQ(result.error.status, 409);
    EXPECT_EQ(result.error.code, "rule_violation");
    EXPECT_EQ(result.error.rule, "R-ROOM-1");
}

TEST_F(ClientTest, ErrorStatusWithoutEnvelopeStillSaysTheStatus) {
    auto result = FetchHealth({502, "<html>Bad gateway</html>", ""});
    EXPECT_EQ(result.failure, Failure::Http);
    EXPECT_EQ(result.error.status, 502);
    EXPECT_EQ(result.error.code, "http_502");
}

TEST_F(ClientTest, UnreadableSuccessIsAParseFailure) {
    auto malformed = FetchHealth({200, "{not json", ""});
    EXPECT_EQ(malformed.failure, Failure::Parse);
    auto wrong_shape = FetchHealth({200, R"({"status":"ok"})", ""});
    EXPECT_EQ(wrong_shape.failure, Failure::Parse);
    ASSERT_FALSE(wrong_shape.error.fields.empty());
    EXPECT_EQ(wrong_shape.error.fields[0].field, "version");
}

}  // namespace
}  // namespace portal::api
