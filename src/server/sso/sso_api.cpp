// Single sign-on's configuration routes (issue 15, R-ACC-5): an account's domains, its OpenID
// Connect connections and its break-glass admins. See sso_api.h for the routes and their rules.
//
// Every decision that depends on the database (a domain verified elsewhere, the last break-glass
// admin of an enforced account) is taken again inside the write transaction, so that two
// requests racing each other cannot both pass. The slow outside calls (a DNS lookup, the
// provider's discovery document) run before it, outside any transaction.
#include "server/sso/sso_api.h"

#include <httplib.h>
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "core/telemetry.h"
#include "core/text_checks.h"
#include "server/api_support.h"
#include "server/http_server.h"
#include "server/security/secret_box.h"
#include "server/sso/dns_txt.h"
#include "server/sso/oidc_client.h"
#include "server/sso/sso_store.h"
#include "server/text.h"

namespace portal::server {

namespace sso {

std::string RedirectUri(const Config& config) {
    std::string base = config.public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/api/v1/auth/sso/callback";
}

bool NormaliseDomain(const std::string& text, std::string& out, std::string& why) {
    std::string domain = server::text::Lower(server::text::Trim(text));
    if (!domain.empty() && domain.back() == '.') domain.pop_back();
    if (domain.empty()) {
        why = "must be a domain name such as example.com";
        return false;
    }
    if (domain.size() > 253) {
        why = "must be at most 253 characters long";
        return false;
    }
    std::vector<std::string> labels;
    size_t start = 0;
    while (true) {
        size_t dot = domain.find('.', start);
        labels.push_back(domain.substr(start, dot == std::string::npos ? dot : dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    if (labels.size() < 2) {
        why = "must have at least two labels, such as example.com";
        return false;
    }
    for (const std::string& label : labels) {
        if (label.empty() || label.size() > 63) {
            why = "must be made of labels of 1 to 63 characters separated by dots";
            return false;
        }
        bool ldh = std::all_of(label.begin(), label.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        });
        if (!ldh || label.front() == '-' || label.back() == '-') {
            why = "may hold only letters, digits and hyphens (not at the start or end of a label)";
            return false;
        }
    }
    // An IPv4 address is LDH too; no top-level domain is all digits (RFC 3696 §2).
    const std::string& top = labels.back();
    if (std::all_of(top.begin(), top.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        why = "must be a domain name, not an IP address";
        return false;
    }
    out = domain;
    return true;
}

}  // namespace sso

namespace {

using sso::SsoConnection;
using sso::SsoDomain;
using sso::SsoUser;

constexpr size_t kMaxNameLength = 100;
constexpr size_t kMaxClientIdLength = 255;
constexpr size_t kMaxSecretLength = 2000;
constexpr size_t kMaxIssuerLength = 500;
constexpr size_t kMaxDomainsPerAccount = 50;
constexpr size_t kMaxConnectionsPerAccount = 20;

// R-ACC-5 refusals: the rules single sign-on keeps so that nobody takes over another customer's
// addresses and an account never locks its admins out.
api::ApiError SsoRule(const std::string& message) {
    return MakeError(409, "rule_violation", message, "R-ACC-5");
}

std::string NewVerificationToken() {
    unsigned char bytes[16];
    randombytes_buf(bytes, sizeof bytes);
    static const char* kHex = "0123456789abcdef";
    std::string token;
    for (unsigned char b : bytes) {
        token += kHex[b >> 4];
        token += kHex[b & 15];
    }
    return token;
}

using text::Trim;

// ---------------------------------------------------------------------------------------------
// [SECTION] JSON

api::Json DomainToJson(const SsoDomain& domain) {
    api::Json last_check = nullptr;
    if (domain.last_check_at) {
        last_check = {{"at", telemetry::FormatUtcTime(*domain.last_check_at)},
                      {"outcome", domain.last_check_outcome},
                      {"message", domain.last_check_message}};
    }
    return {{"id", domain.id},
            {"accountId", domain.account_id},
            {"domain", domain.domain},
            {"verified", domain.verified()},
            {"verifiedAt", api::IsoOrNull(domain.verified_at)},
            {"verification",
             {{"type", "dns-txt"},
              {"name", std::string(sso::kVerificationPrefix) + domain.domain},
              {"value", std::string(sso::kVerificationValuePrefix) + domain.token}}},
            {"lastCheck", last_check},
            {"createdAt", telemetry::FormatUtcTime(domain.created_at)}};
}

api::Json EndSessionEndpoint(const SsoConnection& connection) {
    api::Json document = api::Json::parse(connection.discovery_json, nullptr, false);
    if (document.is_object() && document.contains("end_session_endpoint") &&
        document["end_session_endpoint"].is_string()) {
        return document["end_session_endpoint"];
    }
    return nullptr;
}

// Never the secret: clientSecretSet says one is stored (a connection always has one).
api::Json ConnectionToJson(const ApiContext& ctx, const SsoConnection& connection) {
    return {{"id", connection.id},
            {"accountId", connection.account_id},
            {"name", connection.name},
            {"issuer", connection.issuer},
            {"clientId", connection.client_id},
            {"clientSecretSet", !connection.client_secret_sealed.empty()},
            {"domains", connection.DomainIds()},
            {"defaultRole", connection.default_role ? api::Json(RoleText(*connection.default_role))
                                                    : api::Json(nullptr)},
            {"enforced", connection.enforced},
            {"testedAt", api::IsoOrNull(connection.tested_at)},
            {"redirectUri", sso::RedirectUri(ctx.config)},
            {"endSessionEndpoint", EndSessionEndpoint(connection)},
            {"createdAt", telemetry::FormatUtcTime(connection.created_at)},
            {"updatedAt", telemetry::FormatUtcTime(connection.updated_at)}};
}

api::Json UserToJson(const SsoUser& user) {
    api::Json identities = api::Json::array();
    for (const SsoUser::Identity& identity : user.identities) {
        identities.push_back({{"connectionId", api::NullableId(identity.connection_id)},
                              {"issuer", identity.issuer}});
    }
    return {{"userId", user.user_id},
            {"email", user.email},
            {"name", user.name},
            {"role", RoleText(user.role)},
            {"hasPassword", user.has_password},
            {"breakGlass", user.break_glass},
            {"lastPasswordSignInAt", user.last_password_sign_in_at.empty()
                                         ? api::Json(nullptr)
                                         : api::Json(user.last_password_sign_in_at)},
            {"lastSsoSignInAt", api::IsoOrNull(user.last_sso_sign_in_at)},
            {"ssoIdentities", std::move(identities)}};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading what a route names

// One of the path account's lists, read with list(w, account_id, out, error), for its admins
// and the vendor's support (read-only): 401 / 404 / 500 written otherwise. what names the list
// in the server's log.
template <class Item, class List>
bool ReadAccountList(const ApiContext& ctx, const Request& req, Response& res, const char* what,
                     List list, std::vector<Item>& out) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAdminRead(req, res, account_id, caller)) return false;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) { return list(w, account_id, out, e); }, error)) {
        ctx.SendInternal(res, std::string(what) + ": " + error);
        return false;
    }
    return true;
}

// The object of the path's first capture, read with find(w, id, out, found, error), for a
// caller with `need` on its account: 404 (missing or foreign) / 403 written. what names it in
// the server's log.
template <class Object, class Find>
bool FindForCaller(const ApiContext& ctx, const Request& req, Response& res, Role need,
                   const char* what, Find find, Caller& caller, Object& object) {
    if (!ctx.RequireCaller(req, res, caller)) return false;
    Id id = PathId(req, 1);
    bool found = false;
    std::string error;
    if (id != 0 && !ctx.store.Read([&](Store::Writer& w,
                                       std::string& e) { return find(w, id, object, found, e); },
                                   error)) {
        ctx.SendInternal(res, std::string(what) + ": " + error);
        return false;
    }
    if (!found) {
        SendNotFound(res);
        return false;
    }
    return ctx.CheckAccount(res, caller, object.account_id, need);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Domains

void ListDomains(const ApiContext& ctx, const Request& req, Response& res) {
    std::vector<SsoDomain> domains;
    if (!ReadAccountList(ctx, req, res, "sso domains", sso::ListSsoDomains, domains)) return;
    api::Json items = api::Json::array();
    for (const SsoDomain& domain : domains) items.push_back(DomainToJson(domain));
    SendJson(res, 200, {{"items", std::move(items)}});
}

const char* kVerifiedElsewhere =
    "This domain is verified by another organisation: a domain belongs to one customer";

void CreateDomain(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::Admin, caller)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    std::vector<api::FieldError> fields;
    api::FieldReader reader(body, "", fields);
    std::string text, why;
    SsoDomain domain;
    if (reader.String("domain", text) && !sso::NormaliseDomain(text, domain.domain, why)) {
        reader.Fail("domain", why);
    }
    if (!fields.empty()) return SendFieldErrors(res, fields);
    domain.account_id = account_id;
    domain.token = NewVerificationToken();
    domain.created_at = ctx.Now();

    Refused refused;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            std::vector<SsoDomain> existing;
            Id parent = 0;
            bool found = false, taken = false;
            if (!sso::ListSsoDomains(w, account_id, existing, e) ||
                !sso::AccountParentEntity(w, account_id, parent, found, e)) {
                return false;
            }
            if (std::any_of(existing.begin(), existing.end(),
                            [&](const SsoDomain& d) { return d.domain == domain.domain; })) {
                refused = MakeError(409, "conflict", "This account already has this domain");
                return true;
            }
            if (existing.size() >= kMaxDomainsPerAccount) {
                refused = MakeError(409, "limit_reached", "An account has at most 50 domains");
                return true;
            }
            // R-ACC-5: another customer's verified domain cannot even be added.
            if (!sso::DomainVerifiedElsewhere(w, domain.domain, parent, taken, e)) return false;
            if (taken) {
                refused = SsoRule(kVerifiedElsewhere);
                return true;
            }
            return sso::InsertSsoDomain(w, domain, e) &&
                   Audit(w, ctx, account_id, caller.user_id, "sso.domain.create",
                         ObjectName("sso-domain", domain.id), std::nullopt, DomainToJson(domain),
                         e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "sso domain: " + error);
    if (refused) return SendRefused(res, *refused);
    SendJson(res, 201, DomainToJson(domain));
}

bool FindDomainFor(const ApiContext& ctx, const Request& req, Response& res, Role need,
                   Caller& caller, SsoDomain& domain) {
    return FindForCaller(ctx, req, res, need, "sso domain", sso::FindSsoDomain, caller, domain);
}

// What the DNS says of a domain's record: outcome ("verified", "no_record", "wrong_value",
// "dns_failed") and a sentence saying what was found.
struct DnsCheck {
    std::string outcome;
    std::string message;
};

DnsCheck CheckRecord(const ApiContext& ctx, const SsoDomain& domain) {
    std::string name = std::string(sso::kVerificationPrefix) + domain.domain;
    std::string expected = std::string(sso::kVerificationValuePrefix) + domain.token;
    std::vector<sso::DnsServer> servers;
    std::string error;
    if (!sso::ParseDnsServers(ctx.config.dns_servers, servers, error)) {
        return {"dns_failed", "the DNS servers are misconfigured: " + error};
    }
    sso::TxtLookup lookup = sso::LookupTxt(name, servers);
    switch (lookup.outcome) {
        case sso::TxtLookup::Outcome::NoSuchName:
        case sso::TxtLookup::Outcome::NoRecords:
            return {"no_record", name + " has no TXT record"};
        case sso::TxtLookup::Outcome::Failed:
            return {"dns_failed", "the DNS lookup of " + name + " failed: " + lookup.error};
        case sso::TxtLookup::Outcome::Found:
            break;
    }
    std::string found;
    for (const std::string& record : lookup.records) {
        if (Trim(record) == expected) return {"verified", name + " holds " + expected};
        if (!found.empty()) found += "; ";
        found += record.size() > 100 ? record.substr(0, 100) + "…" : record;
    }
    if (lookup.records.empty()) return {"no_record", name + " has no TXT record"};
    return {"wrong_value", "found " + found + ", expected " + expected};
}

void VerifyDomain(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    SsoDomain domain;
    if (!FindDomainFor(ctx, req, res, Role::Admin, caller, domain)) return;
    DnsCheck check = CheckRecord(ctx, domain);  // outside the transaction: it takes seconds

    Refused refused;
    api::Json before, after;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            bool found = false;
            if (!sso::FindSsoDomain(w, domain.id, domain, found, e)) return false;
            if (!found) {
                refused = MakeError(404, "not_found", "");
                return true;
            }
            before = DomainToJson(domain);
            int64_t now = ctx.Now();
            if (check.outcome == "verified") {
                // R-ACC-5: another parent entity may have verified it meanwhile.
                Id parent = 0;
                bool account = false, taken = false;
                if (!sso::AccountParentEntity(w, domain.account_id, parent, account, e) ||
                    !sso::DomainVerifiedElsewhere(w, domain.domain, parent, taken, e)) {
                    return false;
                }
                if (taken) {
                    refused = SsoRule(kVerifiedElsewhere);
                    return true;
                }
                if (!domain.verified_at) domain.verified_at = now;
            } else if (check.outcome != "dns_failed") {
                // The record is gone or changed: the proof no longer holds. A DNS failure proves
                // nothing either way and leaves a verified domain verified.
                domain.verified_at.reset();
            }
            domain.last_check_at = now;
            domain.last_check_outcome = check.outcome;
            domain.last_check_message = check.message;
            after = DomainToJson(domain);
            return sso::UpdateSsoDomainCheck(w, domain, e) &&
                   Audit(w, ctx, domain.account_id, caller.user_id, "sso.domain.verify",
                         ObjectName("sso-domain", domain.id), before, after, e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "sso domain: " + error);
    if (refused) return SendRefused(res, *refused);
    SendJson(res, 200, after);
}

void DeleteDomain(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    SsoDomain domain;
    if (!FindDomainFor(ctx, req, res, Role::Admin, caller, domain)) return;
    std::string error;
    if (!ctx.store.Write(
            [&](Store::Writer& w, std::string& e) {
                return sso::DeleteSsoDomain(w, domain.id, ctx.Now(), e) &&
                       Audit(w, ctx, domain.account_id, caller.user_id, "sso.domain.delete",
                             ObjectName("sso-domain", domain.id), DomainToJson(domain),
                             std::nullopt, e);
            },
            error)) {
        return ctx.SendInternal(res, "sso domain: " + error);
    }
    res.status = 204;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Connections

// What a POST or PATCH asked for; has_*: the member was given.
struct ConnectionRequest {
    bool has_name = false, has_issuer = false, has_client_id = false, has_secret = false;
    bool has_domains = false, has_default_role = false, has_enforced = false;
    std::string name, issuer, client_id, secret;
    std::vector<Id> domains;
    std::optional<Role> default_role;
    bool enforced = false;
};

bool ReadConnectionRequest(const api::Json& body, bool create, ConnectionRequest& out,
                           std::vector<api::FieldError>& fields) {
    api::FieldReader reader(body, "", fields);
    auto text = [&](const char* key, bool& has, std::string& value, size_t max) {
        if (!body.contains(key) && !create) return;
        has = reader.String(key, value);
        if (!has) return;
        value = Trim(value);
        if (value.empty()) {
            reader.Fail(key, "must not be empty");
        } else if (value.size() > max) {
            reader.Fail(key, "must be at most " + std::to_string(max) + " characters long");
        } else if (!IsOneLineText(value)) {
            reader.Fail(key, "must be one line, without control characters");
        }
    };
    text("name", out.has_name, out.name, kMaxNameLength);
    text("issuer", out.has_issuer, out.issuer, kMaxIssuerLength);
    text("clientId", out.has_client_id, out.client_id, kMaxClientIdLength);
    text("clientSecret", out.has_secret, out.secret, kMaxSecretLength);
    if (out.has_issuer && !out.issuer.empty()) {
        std::string lower = text::Lower(out.issuer);
        if (lower.rfind("https://", 0) != 0 && lower.rfind("http://", 0) != 0) {
            reader.Fail("issuer",
                        "must be the provider's issuer URL, such as https://login.example.com");
        }
    }
    if (body.contains("domains")) {
        out.has_domains =
            api::ReadPositiveIds(reader, "domains", out.domains, true, "must be a domain id");
    }
    if (body.contains("defaultRole")) {
        out.has_default_role = true;
        const api::Json& role = body["defaultRole"];
        Role parsed = Role::ReadOnly;
        if (role.is_null()) {
            out.default_role.reset();
        } else if (role.is_string() && RoleFrom(role.get<std::string>(), parsed)) {
            out.default_role = parsed;
        } else {
            reader.Fail("defaultRole", "must be \"readonly\", \"admin\" or null");
        }
    }
    if (body.contains("enforced")) out.has_enforced = reader.Bool("enforced", out.enforced);
    return fields.empty();
}

// The account's verified domains among ids (those the connection already holds are kept even
// if a re-check unverified them since); 400 naming `domains` written otherwise.
bool CheckDomains(const ApiContext& ctx, Response& res, Id account_id, std::vector<Id> ids,
                  const std::vector<Id>& held, std::vector<SsoDomain>& out) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<SsoDomain> domains;
    std::string error;
    if (!ctx.store.Read(
            [&](Store::Writer& w, std::string& e) {
                return sso::ListSsoDomains(w, account_id, domains, e);
            },
            error)) {
        ctx.SendInternal(res, "sso domains: " + error);
        return false;
    }
    out.clear();
    for (Id id : ids) {
        auto at = std::find_if(domains.begin(), domains.end(),
                               [&](const SsoDomain& d) { return d.id == id; });
        bool kept = std::find(held.begin(), held.end(), id) != held.end();
        if (at == domains.end() || (!at->verified() && !kept)) {
            SendFieldErrors(res, {{"domains", "must list verified domains of this account (" +
                                                  std::to_string(id) + " is not one)"}});
            return false;
        }
        out.push_back(*at);
    }
    return true;
}

// The provider's discovery document, checked (its issuer must be the configured one); 422
// discovery_failed naming `issuer` written otherwise.
bool Discover(const ApiContext& ctx, Response& res, const std::string& issuer,
              SsoConnection& connection) {
    if (!ctx.oidc) {
        ctx.SendInternal(res, "sso: no OpenID Connect client");
        return false;
    }
    sso::ProviderMetadata metadata;
    std::string why;
    if (!ctx.oidc->Discover(issuer, metadata, why)) {
        api::ApiError error = MakeError(
            422, "discovery_failed", "The provider's discovery document could not be used: " + why);
        error.fields.push_back({"issuer", why});
        SendError(res, error);
        return false;
    }
    connection.discovery_json = metadata.document.dump();
    connection.discovered_at = ctx.Now();
    return true;
}

// R-ACC-5: what enforcing a connection needs, checked in the transaction that stores it.
bool EnforcementRefusal(Store::Writer& w, const SsoConnection& connection, Refused& refused,
                        std::string& error) {
    if (!connection.tested_at) {
        refused =
            SsoRule("Run a Test sign-in through this connection before requiring single sign-on");
        return true;
    }
    if (connection.domains.empty()) {
        refused = SsoRule(
            "Add a verified domain to this connection before requiring single "
            "sign-on");
        return true;
    }
    std::vector<Id> admins;
    if (!sso::ListBreakGlassAdmins(w, connection.account_id, admins, error)) return false;
    if (admins.empty()) {
        refused = SsoRule(
            "Mark at least one admin who has a password as break-glass before requiring single "
            "sign-on, so that the account keeps an admin who can sign in");
    }
    return true;
}

void ListConnections(const ApiContext& ctx, const Request& req, Response& res) {
    std::vector<SsoConnection> connections;
    if (!ReadAccountList(ctx, req, res, "sso connections", sso::ListSsoConnections, connections)) {
        return;
    }
    api::Json items = api::Json::array();
    for (const SsoConnection& connection : connections) {
        items.push_back(ConnectionToJson(ctx, connection));
    }
    SendJson(res, 200,
             {{"items", std::move(items)}, {"redirectUri", sso::RedirectUri(ctx.config)}});
}

void CreateConnection(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::Admin, caller)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    ConnectionRequest request;
    std::vector<api::FieldError> fields;
    if (!ReadConnectionRequest(body, true, request, fields)) return SendFieldErrors(res, fields);

    SsoConnection connection;
    connection.account_id = account_id;
    connection.name = request.name;
    connection.issuer = request.issuer;
    connection.client_id = request.client_id;
    connection.default_role = request.default_role;
    if (!CheckDomains(ctx, res, account_id, request.domains, {}, connection.domains)) return;
    // R-ACC-5: a connection that has never been tested cannot be required.
    if (request.enforced) {
        return SendError(res, SsoRule("A new connection cannot require single sign-on: save it, "
                                      "run a Test sign-in, then require it"));
    }
    if (!ctx.secrets) return ctx.SendInternal(res, "sso: no secret box");
    if (!Discover(ctx, res, connection.issuer, connection)) return;
    connection.client_secret_sealed = ctx.secrets->Seal(request.secret);
    connection.created_at = connection.updated_at = ctx.Now();

    Refused refused;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            std::vector<SsoConnection> existing;
            if (!sso::ListSsoConnections(w, account_id, existing, e)) return false;
            if (existing.size() >= kMaxConnectionsPerAccount) {
                refused =
                    MakeError(409, "limit_reached", "An account has at most 20 SSO connections");
                return true;
            }
            return sso::InsertSsoConnection(w, connection, e) &&
                   Audit(w, ctx, account_id, caller.user_id, "sso.connection.create",
                         ObjectName("sso-connection", connection.id), std::nullopt,
                         ConnectionToJson(ctx, connection), e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "sso connection: " + error);
    if (refused) return SendRefused(res, *refused);
    SendJson(res, 201, ConnectionToJson(ctx, connection));
}

bool FindConnectionFor(const ApiContext& ctx, const Request& req, Response& res, Role need,
                       Caller& caller, SsoConnection& connection) {
    return FindForCaller(ctx, req, res, need, "sso connection", sso::FindSsoConnection, caller,
                         connection);
}

void PatchConnection(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    SsoConnection before;
    if (!FindConnectionFor(ctx, req, res, Role::Admin, caller, before)) return;
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    ConnectionRequest request;
    std::vector<api::FieldError> fields;
    if (!ReadConnectionRequest(body, false, request, fields)) return SendFieldErrors(res, fields);

    SsoConnection connection = before;
    if (request.has_name) connection.name = request.name;
    if (request.has_issuer) connection.issuer = request.issuer;
    if (request.has_client_id) connection.client_id = request.client_id;
    if (request.has_default_role) connection.default_role = request.default_role;
    if (request.has_enforced) connection.enforced = request.enforced;
    if (request.has_domains && !CheckDomains(ctx, res, connection.account_id, request.domains,
                                             before.DomainIds(), connection.domains)) {
        return;
    }
    bool issuer_changed = connection.issuer != before.issuer;
    bool credentials_changed =
        issuer_changed || connection.client_id != before.client_id || request.has_secret;
    if (credentials_changed) {
        // R-ACC-5: a test proves these very settings; while enforced, a change could lock
        // everyone out with no tested way back in.
        if (connection.enforced) {
            return SendError(
                res, SsoRule("Turn off \"Require SSO\" before changing the issuer, client id or "
                             "secret of an enforced connection (or send enforced: false with "
                             "the change)"));
        }
        connection.tested_at.reset();
        connection.tested_subject.clear();
    }
    if (!ctx.secrets) return ctx.SendInternal(res, "sso: no secret box");
    if (issuer_changed && !Discover(ctx, res, connection.issuer, connection)) return;
    if (request.has_secret) connection.client_secret_sealed = ctx.secrets->Seal(request.secret);
    connection.updated_at = ctx.Now();

    Refused refused;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            bool found = false;
            SsoConnection current;
            if (!sso::FindSsoConnection(w, before.id, current, found, e)) return false;
            if (!found) {
                refused = MakeError(404, "not_found", "");
                return true;
            }
            // A Test sign-in may have finished since this request read the connection.
            if (!credentials_changed) {
                connection.tested_at = current.tested_at;
                connection.tested_subject = current.tested_subject;
            }
            if (connection.enforced && (!before.enforced || request.has_domains)) {
                if (!EnforcementRefusal(w, connection, refused, e)) return false;
                if (refused) return true;
            }
            return sso::UpdateSsoConnection(w, connection, e) &&
                   Audit(w, ctx, connection.account_id, caller.user_id, "sso.connection.update",
                         ObjectName("sso-connection", connection.id),
                         ConnectionToJson(ctx, current), ConnectionToJson(ctx, connection), e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "sso connection: " + error);
    if (refused) return SendRefused(res, *refused);
    SendJson(res, 200, ConnectionToJson(ctx, connection));
}

void DeleteConnection(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    SsoConnection connection;
    if (!FindConnectionFor(ctx, req, res, Role::Admin, caller, connection)) return;
    std::string error;
    if (!ctx.store.Write(
            [&](Store::Writer& w, std::string& e) {
                return sso::DeleteSsoConnection(w, connection.id, e) &&
                       Audit(w, ctx, connection.account_id, caller.user_id, "sso.connection.delete",
                             ObjectName("sso-connection", connection.id),
                             ConnectionToJson(ctx, connection), std::nullopt, e);
            },
            error)) {
        return ctx.SendInternal(res, "sso connection: " + error);
    }
    res.status = 204;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Users and break-glass

void ListUsers(const ApiContext& ctx, const Request& req, Response& res) {
    std::vector<SsoUser> users;
    if (!ReadAccountList(ctx, req, res, "sso users", sso::ListSsoUsers, users)) return;
    api::Json items = api::Json::array();
    for (const SsoUser& user : users) items.push_back(UserToJson(user));
    SendJson(res, 200, {{"items", std::move(items)}});
}

void PatchUser(const ApiContext& ctx, const Request& req, Response& res) {
    Caller caller;
    Id account_id = PathId(req, 1);
    if (!ctx.RequireAccount(req, res, account_id, Role::Admin, caller)) return;
    Id user_id = PathId(req, 2);
    if (user_id == 0) return SendNotFound(res);
    api::Json body;
    if (!ReadJsonBody(req, res, body)) return;
    std::vector<api::FieldError> fields;
    api::FieldReader reader(body, "", fields);
    bool break_glass = false;
    reader.Bool("breakGlass", break_glass);
    if (!fields.empty()) return SendFieldErrors(res, fields);

    Refused refused;
    SsoUser user;
    std::string error;
    bool ok = ctx.store.Write(
        [&](Store::Writer& w, std::string& e) {
            bool found = false;
            if (!sso::FindSsoUser(w, account_id, user_id, user, found, e)) return false;
            if (!found) {
                refused = MakeError(404, "not_found", "");
                return true;
            }
            if (user.break_glass == break_glass) return true;  // nothing changes, nothing to log
            if (break_glass && (user.role != Role::Admin || !user.has_password || user.disabled)) {
                refused = SsoRule("Only an admin who signs in with a password can be break-glass");
                return true;
            }
            if (!break_glass) {
                // R-ACC-5: an enforced account keeps an admin who can sign in with a password.
                bool enforced = false;
                std::vector<Id> admins;
                if (!sso::AccountHasEnforcedConnection(w, account_id, enforced, e) ||
                    !sso::ListBreakGlassAdmins(w, account_id, admins, e)) {
                    return false;
                }
                bool last = admins.size() == 1 && admins[0] == user_id;
                if (enforced && last) {
                    refused = SsoRule(
                        "This is the last break-glass admin of an account that requires single "
                        "sign-on: mark another admin as break-glass first, or stop requiring SSO");
                    return true;
                }
            }
            api::Json before = UserToJson(user);
            user.break_glass = break_glass;
            return sso::SetBreakGlass(w, account_id, user_id, break_glass, e) &&
                   Audit(w, ctx, account_id, caller.user_id, "sso.user.break_glass",
                         ObjectName("user", user_id), std::move(before), UserToJson(user), e);
        },
        error);
    if (!ok) return ctx.SendInternal(res, "sso user: " + error);
    if (refused) return SendRefused(res, *refused);
    SendJson(res, 200, UserToJson(user));
}

}  // namespace

void RegisterSsoRoutes(Server& server, ApiContext& ctx) {
    auto route = [&](const char* method, const char* pattern, ApiHandler handler) {
        AddApiRoute(server, ctx, method, pattern, handler);
    };
    route("GET", "/api/v1/accounts/([0-9]+)/sso/domains", ListDomains);
    route("POST", "/api/v1/accounts/([0-9]+)/sso/domains", CreateDomain);
    route("POST", "/api/v1/sso/domains/([0-9]+)/verify", VerifyDomain);
    route("DELETE", "/api/v1/sso/domains/([0-9]+)", DeleteDomain);
    route("GET", "/api/v1/accounts/([0-9]+)/sso/connections", ListConnections);
    route("POST", "/api/v1/accounts/([0-9]+)/sso/connections", CreateConnection);
    route("PATCH", "/api/v1/sso/connections/([0-9]+)", PatchConnection);
    route("DELETE", "/api/v1/sso/connections/([0-9]+)", DeleteConnection);
    route("GET", "/api/v1/accounts/([0-9]+)/sso/users", ListUsers);
    route("PATCH", "/api/v1/accounts/([0-9]+)/sso/users/([0-9]+)", PatchUser);
}

}  // namespace portal::server
