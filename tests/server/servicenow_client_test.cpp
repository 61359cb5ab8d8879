// The ServiceNow client (alerts/servicenow.h) against ServiceNowFake, a real HTTP server that
// answers like the Table API: incidents opened with the right fields, exactly one per alert
// whatever is lost or retried, re-opened when the alert fires again, resolved; basic and OAuth
// credentials (tokens cached, a revoked one replaced); 5xx and 429 retried, bad credentials,
// tables and refused targets failed for good.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/alerts/servicenow.h"
#include "servicenow_fake.h"

namespace portal::server::alerts_delivery {
namespace {

using Kind = DeliveryOutcome::Kind;
using testing::ServiceNowFake;

net::OutboundPolicy LocalPolicy() {
    net::OutboundPolicy policy;
    policy.allow_private = true;
    policy.connect_timeout_ms = 2000;
    policy.total_timeout_ms = 5000;
    return policy;
}

ServiceNowSettings Basic(const ServiceNowFake& fake) {
    ServiceNowSettings settings;
    settings.instance_url = fake.Url() + "/";
    settings.auth_type = "basic";
    settings.username = fake.options().user;
    settings.password = fake.options().password;
    settings.assignment_group = "d625dccec0a8016700a222a0f7900d06";
    return settings;
}

ServiceNowSettings OAuth(const ServiceNowFake& fake) {
    ServiceNowSettings settings;
    settings.instance_url = fake.Url();
    settings.auth_type = "oauth";
    settings.client_id = fake.options().client_id;
    settings.client_secret = fake.options().client_secret;
    return settings;
}

IncidentFacts Facts(const std::string& id = "portal:test:alert:1") {
    IncidentFacts facts;
    facts.correlation_id = id;
    facts.correlation_display = "Service Portal";
    facts.short_description = "Codec offline: Salle Étoile";
    facts.description = "The codec of Salle Étoile (Paris) stopped reporting at 09:12 UTC.";
    facts.severity = "major";
    return facts;
}

std::string Describe(const DeliveryOutcome& outcome) {
    return "kind " + std::to_string(static_cast<int>(outcome.kind)) + ", HTTP " +
           std::to_string(outcome.http_status) + ": " + outcome.error;
}

TEST(ServiceNowClient, OpensAnIncidentWithBasicAuth) {
    ServiceNowFake fake;
    ServiceNowClient client(LocalPolicy());
    DeliveryOutcome outcome = client.OpenIncident(Basic(fake), Facts());
    ASSERT_EQ(outcome.kind, Kind::Delivered) << Describe(outcome);
    ASSERT_EQ(fake.Incidents().size(), 1u);
    ServiceNowFake::Incident incident = fake.Incidents()[0];
    EXPECT_EQ(outcome.external_id, incident["sys_id"]);
    EXPECT_EQ(outcome.external_id.size(), 32u);
    EXPECT_EQ(incident["number"], "INC0010001");
    EXPECT_EQ(incident["state"], "1");
    EXPECT_EQ(incident["correlation_id"], "portal:test:alert:1");
    EXPECT_EQ(incident["correlation_display"], "Service Portal");
    EXPECT_EQ(incident["short_description"], "Codec offline: Salle Étoile");
    EXPECT_EQ(incident["description"], Facts().description);
    EXPECT_EQ(incident["urgency"], "2");
    EXPECT_EQ(incident["impact"], "2");
    EXPECT_EQ(incident["category"], "hardware");
    EXPECT_EQ(incident["assignment_group"], "d625dccec0a8016700a222a0f7900d06");
    EXPECT_EQ(incident.count("caller_id"), 0u);  // empty: not sent
    // The lookup came first, then the create; every request carried basic credentials.
    std::vector<ServiceNowFake::Request> requests = fake.Requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].method, "GET");
    EXPECT_EQ(requests[0].path, "/api/now/table/incident");
    EXPECT_EQ(requests[0].params["sysparm_query"], "correlation_id=portal:test:alert:1");
    EXPECT_EQ(requests[0].params["sysparm_limit"], "1");
    EXPECT_EQ(requests[1].method, "POST");
    EXPECT_EQ(requests[1].status, 201);
    for (const auto& request : requests) EXPECT_EQ(request.auth, "basic");
}

TEST(ServiceNowClient, SeverityGivesUrgencyAndImpact) {
    ServiceNowFake fake;
    ServiceNowClient client(LocalPolicy());
    struct Case {
        const char* severity;
        const char* urgency;
        const char* impact;
    };
    int n = 0;
    for (Case c : {Case{"critical", "1", "1"}, Case{"major", "2", "2"}, Case{"minor", "3", "2"},
                   Case{"warning", "3", "3"}}) {
        IncidentFacts facts = Facts("portal:test:alert:sev" + std::to_string(++n));
        facts.severity = c.severity;
        DeliveryOutcome outcome = client.OpenIncident(Basic(fake), facts);
        ASSERT_EQ(outcome.kind, Kind::Delivered) << Describe(outcome);
        auto incident = fake.Find(outcome.external_id);
        ASSERT_TRUE(incident);
        EXPECT_EQ((*incident)["urgency"], c.urgency) << c.severity;
        EXPECT_EQ((*incident)["impact"], c.impact) << c.severity;
    }
}

TEST(ServiceNowClient, SecondOpenFindsTheSameIncident) {
    ServiceNowFake fake;
    ServiceNowClient client(LocalPolicy());
    DeliveryOutcome first = client.OpenIncident(Basic(fake), Facts());
    DeliveryOutcome second = client.OpenIncident(Basic(fake), Facts());
    ASSERT_EQ(second.kind, Kind::Delivered) << Describe(second);
    EXPECT_EQ(second.external_id, first.external_id);
    EXPECT_EQ(fake.Incidents().size(), 1u);
    EXPECT_EQ(fake.RequestCount("POST"), 1);
    EXPECT_EQ(fake.RequestCount("PATCH"), 0);  // still open: nothing to re-open
}

TEST(ServiceNowClient, OAuthTokenIsGrantedOnceAndUsed) {
    ServiceNowFake fake;
    ServiceNowClient client(LocalPolicy());
    ASSERT_EQ(client.OpenIncident(OAuth(fake), Facts("a:1")).kind, Kind::Delivered);
    ASSERT_EQ(client.OpenIncident(OAuth(fake), Facts("a:2")).kind, Kind::Delivered);
    EXPECT_EQ(fake.TokensIssued(), 1);
    EXPECT_EQ(fake.Incidents().size(), 2u);
    for (ServiceNowFake::Request request : fake.Requests()) {
        if (request.path == "/oauth_token.do") {
            EXPECT_EQ(request.params["grant_type"], "client_credentials");
            EXPECT_EQ(request.params["client_id"], fake.options().client_id);
            EXPECT_EQ(request.params["client_secret"], fake.options().client_secret);
        } else {
            EXPECT_EQ(request.auth, "bearer") << request.method << " " << request.path;
        }
    }
}

TEST(ServiceNowClient, RevokedTokenIsReplacedOnce) {
    ServiceNowFake fake;
    ServiceNowClient client(LocalPolicy());
    ASSERT_EQ(client.Test(OAuth(fake)).kind, Kind::Delivered);
    fake.RevokeTokens();
    DeliveryOutcome outcome = client.OpenIncident(OAuth(fake), Facts());
    ASSERT_EQ(outcome.kind, Kind::Delivered) << Describe(outcome);
    EXPECT_EQ(fake.TokensIssued(), 2);
    EXPECT_EQ(fake.Incidents().size(), 1u);
}

TEST(ServiceNowClient, OAuthWithAWrongSecretFails) {
    ServiceNowFake fake;
    ServiceNowClient client(LocalPolicy());
    ServiceNowSettings settings = OAuth(fake);
    settings.client_secret = "wrong-secret-value";
    DeliveryOutcome outcome = client.OpenIncident(settings, Facts());
    EXPECT_EQ(outcome.kind, Kind::Failed);
    EXPECT_EQ(outcome.http_status, 401);
    EXPECT_NE(outcome.error.find("client id and secret"), std::string::npos) << outcome.error;
    EXPECT_EQ(outcome.error.find("wrong-secret-value"), std::string::npos);
    EXPECT_TRUE(fake.Incidents().empty());
}

TEST(ServiceNowClient, DroppedAnswerThenRetryGivesExactlyOneIncident) {
    ServiceNowFake fake;
    net::OutboundPolicy policy = LocalPolicy();
    policy.total_timeout_ms = 500;
    ServiceNowClient client(policy);
    fake.DropAnswerAfterCreateNext();
    DeliveryOutcome first = client.OpenIncident(Basic(fake), Facts());
    EXPECT_EQ(first.kind, Kind::Retry) << Describe(first);
    EXPECT_NE(first.error.find("in time"), std::string::npos) << first.error;
    ASSERT_EQ(fake.Incidents().size(), 1u);  // created all the same

    DeliveryOutcome second = client.OpenIncident(Basic(fake), Facts());
    ASSERT_EQ(second.kind, Kind::Delivered) << Describe(second);
    ASSERT_EQ(fake.Incidents().size(), 1u);
    EXPECT_EQ(second.external_id, fake.Incidents()[0]["sys_id"]);
    EXPECT_EQ(fake.RequestCount("POST"), 1);
}

TEST(ServiceNowClient, ServerErrorsAreRetriedThenSucceed) {
    ServiceNowFake fake;
    ServiceNowClient client(LocalPolicy());
    fake.FailNext(2, 503);
    DeliveryOutcome outcome = client.OpenIncident(Basic(fake), Facts());
    EXPECT_EQ(outcome.kind, Kind::Retry);
    EXPECT_EQ(outcome.http_status, 503);
    EXPECT_NE(outcome.error.find("503"), std::string::npos) << outcome.error;
    EXPECT_FALSE(outcome.retry_after_seconds);
    outcome = client.OpenIncident(Basic(fake), Facts());
    EXPECT_EQ(outcome.kind, Kind::Retry);
    outcome = client.OpenIncident(Basic(fake), Facts());
    ASSERT_EQ(outcome.kind, Kind::Delivered) << Describe(outcome);
    EXPECT_EQ(fake.Incidents().size(), 1u);
}

TEST(ServiceNowClient, RateLimitGivesRetryAfter) {
    ServiceNowFake fake;
    ServiceNowClient client(LocalPolicy());
    fake.RateLimitNext(1, 37);
    DeliveryOutcome outcome = client.OpenIncident(Basic(fake), Facts());
    EXPECT_EQ(outcome.kind, Kind::Retry);
    EXPECT_EQ(outcome.http_status, 429);
    ASSERT_TRUE(outcome.retry_after_seconds);
    EXPECT_EQ(*outcome.retry_after_seconds, 37);
    EXPECT_TRUE(fake.Incidents().empty());
    EXPECT_EQ(client.OpenIncident(Basic(fake), Facts()).kind, Kind::Delivered);
}

TEST(ServiceNowClient, ResolvePatchesStateCloseCodeAndNotes) {
    ServiceNowFake fake;
    ServiceNowClient client(LocalPolicy());
    DeliveryOutcome opened = client.OpenIncident(Basic(fake), Facts());
    ASSERT_EQ(opened.kind, Kind::Delivered);
    DeliveryOutcome resolved =
        client.ResolveIncident(Basic(fake), opened.external_id, "The codec is back online.");
    ASSERT_EQ(resolved.kind, Kind::Delivered) << Describe(resolved);
    EXPECT_EQ(resolved.external_id, opened.external_id);
    auto incident = fake.Find(opened.external_id);
    ASSERT_TRUE(incident);
    EXPECT_EQ((*incident)["state"], "6");
    EXPECT_EQ((*incident)["close_code"], "Solved (Permanently)");
    EXPECT_EQ((*incident)["close_notes"], "The codec is back online.");
    // Twice is harmless.
    EXPECT_EQ(client.ResolveIncident(Basic(fake), opened.external_id, "Again.").kind,
              Kind::Delivered);
    EXPECT_EQ((*fake.Find(opened.external_id))["state"], "6");
    std::vector<ServiceNowFake::Request> requests = fake.Requests();
    EXPECT_EQ(requests.back().method, "PATCH");
    EXPECT_EQ(requests.back().path, "/api/now/table/incident/" + opened.external_id);
    nlohmann::json body = nlohmann::json::parse(requests.back().body);
    EXPECT_EQ(body["state"], "6");
}

TEST(ServiceNowClient, ResolvingAMissingIncidentFails) {
    ServiceNowFake fake;
    ServiceNowClient client(LocalPolicy());
    DeliveryOutcome outcome =
        client.ResolveIncident(Basic(fake), "0123456789abcdef0123456789abcdef", "gone");
    EXPECT_EQ(outcome.kind, Kind::Failed);
    EXPECT_EQ(outcome.http_status, 404);
    EXPECT_EQ(client.ResolveIncident(Basic(fake), "../../sys_user", "x").kind, Kind::Failed);
}

TEST(ServiceNowClient, SecondOpenReopensAResolvedIncident) {
    ServiceNowFake fake;
    ServiceNowClient client(LocalPolicy());
    DeliveryOutcome opened = client.OpenIncident(Basic(fake), Facts());
    ASSERT_EQ(client.ResolveIncident(Basic(fake), opened.external_id, "cleared").kind,
              Kind::Delivered);
    DeliveryOutcome again = client.OpenIncident(Basic(fake), Facts());
    ASSERT_EQ(again.kind, Kind::Delivered) << Describe(again);
    EXPECT_EQ(again.external_id, opened.external_id);
    EXPECT_EQ((*fake.Find(opened.external_id))["state"], "2");
    EXPECT_EQ(fake.Incidents().size(), 1u);
    // Closed by a person (7) also comes back.
    fake.SetField(opened.external_id, "state", "7");
    ASSERT_EQ(client.OpenIncident(Basic(fake), Facts()).kind, Kind::Delivered);
    EXPECT_EQ((*fake.Find(opened.external_id))["state"], "2");
    EXPECT_EQ(fake.Incidents().size(), 1u);
}

TEST(ServiceNowClient, WrongPasswordFailsWithoutSayingIt) {
    ServiceNowFake fake;
    ServiceNowClient client(LocalPolicy());
    ServiceNowSettings settings = Basic(fake);
    settings.password = "Not-The-Password";
    for (DeliveryOutcome outcome :
         {client.OpenIncident(settings, Facts()), client.Test(settings),
          client.ResolveIncident(settings, "0123456789abcdef0123456789abcdef", "x")}) {
        EXPECT_EQ(outcome.kind, Kind::Failed);
        EXPECT_EQ(outcome.http_status, 401);
        EXPECT_EQ(outcome.error, "401 Unauthorized: check the user name and password");
    }
    EXPECT_TRUE(fake.Incidents().empty());
}

TEST(ServiceNowClient, TestChecksCredentialsAndTable) {
    ServiceNowFake fake;
    ServiceNowClient client(LocalPolicy());
    DeliveryOutcome outcome = client.Test(Basic(fake));
    EXPECT_EQ(outcome.kind, Kind::Delivered) << Describe(outcome);
    EXPECT_EQ(fake.Requests().back().params["sysparm_limit"], "1");
    EXPECT_EQ(client.Test(OAuth(fake)).kind, Kind::Delivered);

    ServiceNowSettings other_table = Basic(fake);
    other_table.table = "u_no_such_table";
    outcome = client.Test(other_table);
    EXPECT_EQ(outcome.kind, Kind::Failed);
    EXPECT_EQ(outcome.http_status, 400);
    EXPECT_NE(outcome.error.find("Invalid table"), std::string::npos) << outcome.error;

    ServiceNowSettings bad_table = Basic(fake);
    bad_table.table = "incident/../x";
    EXPECT_EQ(client.Test(bad_table).kind, Kind::Failed);
    ServiceNowSettings no_auth = Basic(fake);
    no_auth.auth_type = "kerberos";
    EXPECT_EQ(client.Test(no_auth).kind, Kind::Failed);
}

TEST(ServiceNowClient, RefusedTargetFailsWithoutARequest) {
    ServiceNowFake fake;
    ServiceNowClient client(net::OutboundPolicy{});  // https and public addresses only
    DeliveryOutcome outcome = client.OpenIncident(Basic(fake), Facts());
    EXPECT_EQ(outcome.kind, Kind::Failed);
    EXPECT_EQ(outcome.error, "the instance URL must use https");
    EXPECT_TRUE(fake.Requests().empty());
}

TEST(ServiceNowClient, UnreachableInstanceIsRetried) {
    std::string url;
    {
        ServiceNowFake gone;
        url = gone.Url();
    }
    ServiceNowSettings settings;
    settings.instance_url = url;
    settings.auth_type = "basic";
    settings.username = "u";
    settings.password = "p";
    ServiceNowClient client(LocalPolicy());
    DeliveryOutcome outcome = client.OpenIncident(settings, Facts());
    EXPECT_EQ(outcome.kind, Kind::Retry);
    EXPECT_EQ(outcome.http_status, 0);
    EXPECT_NE(outcome.error.find("could not reach"), std::string::npos) << outcome.error;
}

TEST(ServiceNowClient, BadCorrelationIdsAreRefused) {
    ServiceNowFake fake;
    ServiceNowClient client(LocalPolicy());
    for (const std::string& id :
         {std::string(), std::string("a^ORDERBYnumber"), std::string(101, 'x')}) {
        EXPECT_EQ(client.OpenIncident(Basic(fake), Facts(id)).kind, Kind::Failed) << id;
    }
    EXPECT_TRUE(fake.Requests().empty());
}

}  // namespace
}  // namespace portal::server::alerts_delivery
