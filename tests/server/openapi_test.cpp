// GET /api/v1/openapi.json and the document it serves (assets/openapi.json), held to the routes
// the server really registers (Server::Routes): every API route documented with its method,
// nothing documented that is not served, every $ref resolving, every operation saying who may
// call it and what it answers. The comparison is a pure function, itself tested on documents
// with a route taken out or added, so that a drift cannot pass unnoticed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "server/files.h"
#include "server_fixture.h"

namespace portal::server {
namespace {

using testing::ServerTest;

constexpr const char* kHttpMethods[] = {"get",     "put",  "post",  "delete",
                                        "options", "head", "patch", "trace"};
// "agent": a room agent's bearer token (POST /telemetry), never a session.
// "link": a signed link's token in the URL (an alert mail's one-click unsubscribe, RFC 8058):
// no session, and none of the browser's headers.
// "provider": an identity provider's signed token in a form body, server to server (SSO
// back-channel logout, issue 15): no session, and none of the browser's headers either.
const std::set<std::string> kAccessLevels = {
    "anonymous", "signed-in", "member", "admin", "operator", "agent", "kiosk", "link", "provider"};

std::string Upper(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Comparing routes and the document

// A route pattern as a path shape: each capture group the server's routes use for an id or a
// name becomes "{}". Empty when the pattern holds regex syntax the document could not express.
std::string RouteShape(const std::string& pattern) {
    static const std::regex kCapture(R"(\(\[\^/\]\+\)|\(\[0-9\]\+\))");
    std::string shape = std::regex_replace(pattern, kCapture, "{}");
    if (shape.find_first_of("()[]*+?\\|^$") != std::string::npos) return "";
    return shape;
}

// A documented path as a shape: "{id}", "{serial}" ... all become "{}".
std::string DocumentShape(const std::string& path) {
    static const std::regex kParameter(R"(\{[^}/]+\})");
    return std::regex_replace(path, kParameter, "{}");
}

// "METHOD shape" of every operation of the document.
std::set<std::string> DocumentedOperations(const api::Json& doc) {
    std::set<std::string> operations;
    if (!doc.contains("paths") || !doc["paths"].is_object()) return operations;
    for (const auto& [path, item] : doc["paths"].items()) {
        for (const char* method : kHttpMethods) {
            if (item.contains(method)) operations.insert(Upper(method) + " " + DocumentShape(path));
        }
    }
    return operations;
}

// Every way the document and the routes disagree, one sentence each; empty when they agree.
std::vector<std::string> CompareWithRoutes(
    const std::vector<std::pair<std::string, std::string>>& routes, const api::Json& doc) {
    std::vector<std::string> problems;
    std::map<std::string, std::string> served;  // "METHOD shape" -> the route as registered
    for (const auto& [method, pattern] : routes) {
        if (pattern.rfind("/api/", 0) != 0) continue;
        std::string shape = RouteShape(pattern);
        if (shape.empty()) {
            problems.push_back(method + " " + pattern +
                               ": the pattern has regex syntax other than ([^/]+) or ([0-9]+); "
                               "teach RouteShape to read it");
            continue;
        }
        served.emplace(method + " " + shape, method + " " + pattern);
    }
    std::set<std::string> documented = DocumentedOperations(doc);
    for (const auto& [operation, route] : served) {
        if (!documented.count(operation)) {
            problems.push_back(route + " is served but not documented in assets/openapi.json");
        }
    }
    for (const std::string& operation : documented) {
        if (!served.count(operation)) {
            problems.push_back(operation +
                               " is documented in assets/openapi.json but no route serves it");
        }
    }
    // Two documented paths of one shape are one path to OpenAPI tools.
    std::map<std::string, std::string> shapes;
    if (doc.contains("paths") && doc["paths"].is_object()) {
        for (const auto& [path, item] : doc["paths"].items()) {
            auto [at, fresh] = shapes.emplace(DocumentShape(path), path);
            if (!fresh) problems.push_back(path + " and " + at->second + " are the same path");
        }
    }
    return problems;
}

std::string Lines(const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& line : lines) text += "\n  " + line;
    return text;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading the document

api::Json LoadDocument() {
    std::string text, error;
    EXPECT_TRUE(ReadFile(std::string(PORTAL_TEST_ASSETS_DIR) + "/openapi.json", text, error))
        << error;
    api::Json doc;
    EXPECT_TRUE(api::ParseJson(text, doc, error)) << "assets/openapi.json: " << error;
    return doc;
}

// The object a "$ref" names in doc; nullptr when it names nothing.
const api::Json* Target(const api::Json& doc, const std::string& ref) {
    if (ref.rfind("#/", 0) != 0) return nullptr;
    try {
        api::Json::json_pointer pointer(ref.substr(1));
        return doc.contains(pointer) ? &doc.at(pointer) : nullptr;
    } catch (const std::exception&) {
        return nullptr;
    }
}

// node itself, or what its "$ref" (and theirs) name; nullptr when a reference is broken.
const api::Json* Resolve(const api::Json& doc, const api::Json& node) {
    const api::Json* at = &node;
    for (int depth = 0; at && at->is_object() && at->contains("$ref") && depth < 8; ++depth) {
        at = (*at)["$ref"].is_string() ? Target(doc, (*at)["$ref"].get<std::string>()) : nullptr;
    }
    return at;
}

// Visits every operation: (path, METHOD, path item, operation).
void ForEachOperation(const api::Json& doc,
                      const std::function<void(const std::string&, const std::string&,
                                               const api::Json&, const api::Json&)>& visit) {
    for (const auto& [path, item] : doc["paths"].items()) {
        for (const char* method : kHttpMethods) {
            if (item.contains(method)) visit(path, Upper(method), item, item[method]);
        }
    }
}

// The parameters of an operation (the path item's and its own), resolved: "in:name" -> object.
std::map<std::string, api::Json> ParametersOf(const api::Json& doc, const api::Json& item,
                                              const api::Json& operation,
                                              std::vector<std::string>& problems,
                                              const std::string& where) {
    std::map<std::string, api::Json> parameters;
    for (const api::Json* list : {&item, &operation}) {
        if (!list->contains("parameters")) continue;
        for (const api::Json& entry : (*list)["parameters"]) {
            const api::Json* parameter = Resolve(doc, entry);
            if (!parameter || !parameter->contains("in") || !parameter->contains("name")) {
                problems.push_back(where + ": a parameter does not resolve: " + entry.dump());
                continue;
            }
            parameters[(*parameter)["in"].get<std::string>() + ":" +
                       (*parameter)["name"].get<std::string>()] = *parameter;
        }
    }
    return parameters;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Tests

class OpenApiTest : public ServerTest {};

TEST_F(OpenApiTest, ServesTheDocumentToAnyone) {
    auto client = MakeClient();
    auto result = client.Get("/api/v1/openapi.json");  // no cookie: anonymous
    ASSERT_TRUE(result) << httplib::to_string(result.error());
    EXPECT_EQ(result->status, 200) << result->body;
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/json; charset=utf-8");
    api::Json doc;
    std::string error;
    ASSERT_TRUE(api::ParseJson(result->body, doc, error)) << error;
    ASSERT_TRUE(doc.is_object());
    ASSERT_TRUE(doc.contains("openapi") && doc["openapi"].is_string()) << doc.dump().substr(0, 200);
    EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.0.", 0), 0u) << doc["openapi"];
    EXPECT_TRUE(doc.contains("info") && doc["info"].contains("title"));
    EXPECT_EQ(doc, LoadDocument()) << "the server serves assets/openapi.json as written";
}

TEST_F(OpenApiTest, DocumentsEveryRouteAndNoOther) {
    std::vector<std::pair<std::string, std::string>> routes = server_->Routes();
    ASSERT_GT(routes.size(), 30u);
    std::vector<std::string> problems = CompareWithRoutes(routes, LoadDocument());
    EXPECT_TRUE(problems.empty()) << "assets/openapi.json and the server's routes disagree:"
                                  << Lines(problems);
}

// The comparison itself: a route taken out of the document, or one the server does not have,
// is named.
TEST(OpenApiComparison, NamesWhatIsMissingOnEitherSide) {
    api::Json doc = LoadDocument();
    std::vector<std::pair<std::string, std::string>> routes = {
        {"GET", "/api/v1/health"},
        {"POST", "/api/v1/accounts/([0-9]+)/invitations"},
        {"DELETE", R"(/api/v1/rooms/([^/]+)/licenses/([^/]+))"},
        {"GET", "/not/api"},  // static files and the like are no business of the document
    };
    api::Json some = {
        {"paths",
         {{"/api/v1/health", doc["paths"]["/api/v1/health"]},
          {"/api/v1/accounts/{id}/invitations", doc["paths"]["/api/v1/accounts/{id}/invitations"]},
          {"/api/v1/rooms/{id}/licenses/{program}",
           doc["paths"]["/api/v1/rooms/{id}/licenses/{program}"]}}}};
    // The invitations path documents GET too, which this route list does not serve.
    EXPECT_EQ(CompareWithRoutes(routes, some),
              std::vector<std::string>{"GET /api/v1/accounts/{}/invitations is documented in "
                                       "assets/openapi.json but no route serves it"});

    routes.emplace_back("GET", "/api/v1/accounts/([0-9]+)/invitations");
    EXPECT_TRUE(CompareWithRoutes(routes, some).empty()) << Lines(CompareWithRoutes(routes, some));

    some["paths"].erase("/api/v1/rooms/{id}/licenses/{program}");
    EXPECT_EQ(CompareWithRoutes(routes, some),
              std::vector<std::string>{"DELETE /api/v1/rooms/([^/]+)/licenses/([^/]+) is served "
                                       "but not documented in assets/openapi.json"});

    routes.emplace_back("GET", "/api/v1/things/(.*)");
    std::vector<std::string> problems = CompareWithRoutes(routes, some);
    ASSERT_FALSE(problems.empty());
    EXPECT_NE(problems[0].find("/api/v1/things/(.*)"), std::string::npos) << Lines(problems);
}

TEST(OpenApiDocument, EveryReferenceResolves) {
    api::Json doc = LoadDocument();
    std::vector<std::string> broken;
    std::function<void(const api::Json&, const std::string&)> walk = [&](const api::Json& node,
                                                                         const std::string& at) {
        if (node.is_object()) {
            for (const auto& [key, value] : node.items()) {
                if (key == "$ref") {
                    if (!value.is_string() || !Target(doc, value.get<std::string>())) {
                        broken.push_back(at + ": " + value.dump());
                    }
                } else {
                    walk(value, at + "/" + key);
                }
            }
        } else if (node.is_array()) {
            for (size_t i = 0; i < node.size(); ++i) walk(node[i], at + "/" + std::to_string(i));
        }
    };
    walk(doc, "#");
    EXPECT_TRUE(broken.empty()) << "references that name nothing:" << Lines(broken);
}

TEST(OpenApiDocument, EveryOperationSaysWhoMayCallItAndWhatItAnswers) {
    api::Json doc = LoadDocument();
    ASSERT_TRUE(doc.contains("paths"));
    ASSERT_TRUE(doc["components"]["securitySchemes"].contains("portalSession"));
    const api::Json& scheme = doc["components"]["securitySchemes"]["portalSession"];
    EXPECT_EQ(scheme.value("type", ""), "apiKey");
    EXPECT_EQ(scheme.value("in", ""), "cookie");
    EXPECT_EQ(scheme.value("name", ""), "portal_session");
    EXPECT_EQ(doc["security"], api::Json::parse(R"([{"portalSession": []}])"));

    std::vector<std::string> problems;
    std::set<std::string> operation_ids;
    ForEachOperation(doc, [&](const std::string& path, const std::string& method,
                              const api::Json& item, const api::Json& operation) {
        std::string where = method + " " + path;
        auto fail = [&](const std::string& what) { problems.push_back(where + ": " + what); };
        for (const char* key : {"summary", "description", "operationId", "x-access"}) {
            if (!operation.contains(key) || !operation[key].is_string() ||
                operation[key].get<std::string>().empty()) {
                fail(std::string("no ") + key);
            }
        }
        std::string id = operation.value("operationId", "");
        if (!id.empty() && !operation_ids.insert(id).second)
            fail("operationId " + id + " used twice");
        std::string access = operation.value("x-access", "");
        if (!access.empty() && !kAccessLevels.count(access)) fail("x-access " + access);
        if (operation.value("description", "").find("Who may call it:") == std::string::npos) {
            fail("the description does not say \"Who may call it:\"");
        }
        // Public: the operation says `security: []`; everything else needs the session.
        bool is_public = operation.contains("security") && operation["security"].empty();
        if (is_public != (access == "anonymous" || access == "link" || access == "provider")) {
            fail("security: [] and x-access: anonymous (or link, provider) go together");
        }
        // An agent's route takes its bearer token, no cookie: no CSRF header, no 403
        // csrf_refused, no Idempotency-Key (the batch id makes a resent batch count once).
        bool agent = access == "agent";
        if (agent != (operation.value("security", api::Json()) ==
                      api::Json::parse(R"([{"agentToken": []}])"))) {
            fail("security: [{agentToken: []}] and x-access: agent go together");
        }
        // A kiosk's route takes its bearer token only (issue 7).
        if ((access == "kiosk") != (operation.value("security", api::Json()) ==
                                    api::Json::parse(R"([{"kioskToken": []}])"))) {
            fail("security: [{kioskToken: []}] and x-access: kiosk go together");
        }

        const api::Json& responses = operation.value("responses", api::Json::object());
        bool success = false;
        for (const auto& [status, response] : responses.items()) {
            // A browser navigation's success may be a redirect (SSO start and callback).
            if (status.size() == 3 && (status[0] == '2' || status[0] == '3')) success = true;
            const api::Json* resolved = Resolve(doc, response);
            if (!resolved || !resolved->contains("description")) {
                fail("response " + status + " has no description");
            }
        }
        if (!success) fail("no 2xx (or 3xx) response");
        if (!is_public && !responses.contains("401")) fail("no 401 (it needs a session)");

        std::map<std::string, api::Json> parameters =
            ParametersOf(doc, item, operation, problems, where);
        // Every {name} of the path is a required path parameter, and the other way round.
        std::set<std::string> in_path;
        static const std::regex kParameter(R"(\{([^}/]+)\})");
        for (std::sregex_iterator it(path.begin(), path.end(), kParameter), end; it != end; ++it) {
            in_path.insert((*it)[1]);
            auto found = parameters.find("path:" + (*it)[1].str());
            if (found == parameters.end()) {
                fail("path parameter {" + (*it)[1].str() + "} is not declared");
            } else if (!found->second.value("required", false)) {
                fail("path parameter {" + (*it)[1].str() + "} is not required");
            }
        }
        for (const auto& [key, parameter] : parameters) {
            if (key.rfind("path:", 0) == 0 && !in_path.count(key.substr(5))) {
                fail("declares path parameter " + key.substr(5) + " the path does not have");
            }
        }
        // The request-security layer: X-Requested-With on every method but GET, and
        // Idempotency-Key on the POSTs the server runs under it.
        // A mail client following a signed link sends none of the portal's headers either.
        bool tokened = agent || access == "link" || access == "provider";
        if (method != "GET" && !tokened && !parameters.count("header:X-Requested-With")) {
            fail("X-Requested-With: portal is not documented");
        }
        bool idempotent = method == "POST" && !tokened && path.rfind("/api/v1/auth/", 0) != 0 &&
                          path != "/api/v1/invitations/accept";
        if (idempotent != (parameters.count("header:Idempotency-Key") == 1)) {
            fail(idempotent ? "Idempotency-Key is not documented"
                            : "documents an Idempotency-Key the server does not honour");
        }
        if (method != "GET" && !tokened && !responses.contains("403")) {
            fail("no 403 (csrf_refused)");
        }
    });
    EXPECT_TRUE(problems.empty()) << Lines(problems);

    // The room edit needs If-Match.
    const api::Json& patch = doc["paths"]["/api/v1/rooms/{id}"]["patch"];
    std::vector<std::string> ignored;
    auto parameters = ParametersOf(doc, doc["paths"]["/api/v1/rooms/{id}"], patch, ignored, "");
    ASSERT_TRUE(parameters.count("header:If-Match"));
    EXPECT_TRUE(parameters["header:If-Match"].value("required", false));
    EXPECT_TRUE(patch["responses"].contains("428"));
    EXPECT_TRUE(patch["responses"].contains("412"));
}

// The schemas of the error envelope and the main objects carry the names the handlers write.
TEST(OpenApiDocument, DescribesTheErrorEnvelope) {
    api::Json doc = LoadDocument();
    const api::Json& schemas = doc["components"]["schemas"];
    for (const char* name : {"Room", "Contract", "Device", "Entitlements", "Spares", "Order",
                             "Assignment", "AuditEntry", "Invitation", "Member", "Delegation",
                             "Partner", "Mail", "User", "Me", "Error"}) {
        EXPECT_TRUE(schemas.contains(name)) << name;
    }
    const api::Json& error = schemas["Error"]["properties"]["error"];
    EXPECT_EQ(error["required"], api::Json::parse(R"(["code", "message", "details"])"));
    const api::Json& details = error["properties"]["details"]["properties"];
    EXPECT_TRUE(details.contains("rule"));
    EXPECT_EQ(details["fields"]["items"]["$ref"], "#/components/schemas/FieldError");
    EXPECT_EQ(schemas["FieldError"]["required"], api::Json::parse(R"(["field", "message"])"));
}

TEST_F(OpenApiTest, RefusesToStartWithoutAValidDocument) {
    StopServer();
    std::string catalogue, error;
    ASSERT_TRUE(
        ReadFile(std::string(PORTAL_TEST_ASSETS_DIR) + "/catalogue.json", catalogue, error));
    testing::WriteFile(dir_.path() / "assets" / "catalogue.json", catalogue);
    config_.assets_dir = (dir_.path() / "assets").string();
    {
        Server server(config_, *logger_);
        EXPECT_FALSE(server.Start(error));
        EXPECT_NE(error.find("openapi.json"), std::string::npos) << error;
    }
    testing::WriteFile(dir_.path() / "assets" / "openapi.json", R"({"openapi": "3.0.3", )");
    {
        Server server(config_, *logger_);
        error.clear();
        EXPECT_FALSE(server.Start(error));
        EXPECT_NE(error.find("openapi.json"), std::string::npos) << error;
        EXPECT_NE(error.find("malformed JSON"), std::string::npos) << error;
    }
    testing::WriteFile(dir_.path() / "assets" / "openapi.json", R"({"openapi": "3.0.3"})");
    Server server(config_, *logger_);
    EXPECT_TRUE(server.Start(error)) << error;
}

}  // namespace
}  // namespace portal::server
