// Single sign-on <-> JSON (issue 15): domains, connections, users, the sign-in page's answers
// and the request bodies. No exceptions (the wasm build has none): FieldReader names each bad
// field.
#include "api/sso_json.h"

#include <algorithm>

namespace portal::api {

namespace {

// [SECTION] Small readers

// A time as ISO 8601 UTC text or Unix seconds; empty when absent or null.
void ReadTime(FieldReader& reader, const char* key, std::optional<SsoSeconds>& out,
              const Json& object) {
    out.reset();
    auto found = object.find(key);
    if (found == object.end() || found->is_null()) return;
    if (found->is_number_integer()) {
        out = found->get<SsoSeconds>();
        return;
    }
    ReadIsoTime(reader, key, out, /*required=*/false);
}

void ReadText(FieldReader& reader, const char* key, std::string& out) {
    out.clear();
    reader.String(key, out, /*required=*/false);
}

void ReadFlag(FieldReader& reader, const char* key, bool& out) {
    out = false;
    reader.Bool(key, out, /*required=*/false);
}

// An id that may be absent or null (0 then).
void ReadOptionalId(FieldReader& reader, const char* key, std::int64_t& out) {
    out = 0;
    long long id = 0;
    if (reader.Int64(key, id, /*required=*/false)) out = id;
}

// "/api/..." but not "//host/...", which a browser reads as another site.
bool SameOriginPath(const std::string& url) {
    return url.size() > 1 && url[0] == '/' && url[1] != '/' && url[1] != '\\';
}

// {items:[...]} read with `read` per entry.
template <typename T, typename Read>
bool ReadItems(const Json& json, std::vector<T>& out, std::vector<FieldError>& errors, Read read) {
    return ReadDocuments(json, "items", out, errors, read);
}

}  // namespace

// [SECTION] Domains

bool SsoDomainFromJson(const Json& json, SsoDomain& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    ReadId(reader, "id", out.id);
    ReadOptionalId(reader, "accountId", out.account_id);
    reader.String("domain", out.domain);
    ReadFlag(reader, "verified", out.verified);
    ReadTime(reader, "verifiedAt", out.verified_at, json);
    out.record_type.clear();
    out.record_name.clear();
    out.record_value.clear();
    if (const Json* verification = reader.Object("verification")) {
        FieldReader record(*verification, "verification", errors);
        ReadText(record, "type", out.record_type);
        record.String("name", out.record_name);
        record.String("value", out.record_value);
    }
    out.last_check.reset();
    if (const Json* check = reader.Object("lastCheck", /*required=*/false)) {
        FieldReader last(*check, "lastCheck", errors);
        SsoDomainCheck& read = out.last_check.emplace();
        ReadTime(last, "at", read.at, *check);
        ReadText(last, "outcome", read.outcome);
        ReadText(last, "message", read.message);
    }
    ReadTime(reader, "createdAt", out.created_at, json);
    return errors.size() == before;
}

bool SsoDomainsFromJson(const Json& json, std::vector<SsoDomain>& out,
                        std::vector<FieldError>& errors) {
    return ReadItems(json, out, errors, &SsoDomainFromJson);
}

Json NewSsoDomainJson(const std::string& domain) {
    return {{"domain", domain}};
}

// [SECTION] Connections

bool SsoConnectionFromJson(const Json& json, SsoConnection& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    ReadId(reader, "id", out.id);
    ReadOptionalId(reader, "accountId", out.account_id);
    reader.String("name", out.name);
    reader.String("issuer", out.issuer);
    reader.String("clientId", out.client_id);
    ReadFlag(reader, "clientSecretSet", out.client_secret_set);
    ReadPositiveIds(reader, "domains", out.domains, /*required=*/false, "must be a domain's id");
    out.default_role.clear();
    if (reader.String("defaultRole", out.default_role, /*required=*/false) &&
        out.default_role != "readonly" && out.default_role != "admin") {
        reader.Fail("defaultRole", "must be readonly, admin or null");
    }
    ReadFlag(reader, "enforced", out.enforced);
    ReadTime(reader, "testedAt", out.tested_at, json);
    ReadText(reader, "redirectUri", out.redirect_uri);
    ReadText(reader, "endSessionEndpoint", out.end_session_endpoint);
    ReadTime(reader, "createdAt", out.created_at, json);
    ReadTime(reader, "updatedAt", out.updated_at, json);
    return errors.size() == before;
}

bool SsoConnectionsFromJson(const Json& json, SsoConnectionList& out,
                            std::vector<FieldError>& errors) {
    bool ok = ReadItems(json, out.items, errors, &SsoConnectionFromJson);
    FieldReader reader(json, "", errors);
    out.redirect_uri.clear();
    if (reader.IsObject()) ok &= reader.String("redirectUri", out.redirect_uri);
    return ok;
}

namespace {

Json RoleOrNull(const std::string& role) {
    if (role.empty()) return nullptr;
    return role;
}

}  // namespace

Json NewSsoConnectionJson(const SsoConnectionDraft& draft) {
    Json json = {{"name", draft.name},
                 {"issuer", draft.issuer},
                 {"clientId", draft.client_id},
                 {"domains", draft.domains},
                 {"defaultRole", RoleOrNull(draft.default_role)},
                 {"enforced", false}};
    if (!draft.client_secret.empty()) json["clientSecret"] = draft.client_secret;
    return json;
}

Json SsoConnectionPatchJson(const SsoConnectionDraft& draft, const SsoConnection& before) {
    Json json = Json::object();
    if (draft.name != before.name) json["name"] = draft.name;
    if (draft.issuer != before.issuer) json["issuer"] = draft.issuer;
    if (draft.client_id != before.client_id) json["clientId"] = draft.client_id;
    if (!draft.client_secret.empty()) json["clientSecret"] = draft.client_secret;
    // The same domains in another order are no change.
    std::vector<std::int64_t> now = draft.domains, then = before.domains;
    std::sort(now.begin(), now.end());
    std::sort(then.begin(), then.end());
    if (now != then) json["domains"] = draft.domains;
    if (draft.default_role != before.default_role) {
        json["defaultRole"] = RoleOrNull(draft.default_role);
    }
    return json;
}

Json SsoEnforcedJson(bool enforced) {
    return {{"enforced", enforced}};
}

// [SECTION] Users

bool SsoUserFromJson(const Json& json, SsoUser& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    ReadId(reader, "userId", out.user_id);
    reader.String("email", out.email);
    ReadText(reader, "name", out.name);
    reader.String("role", out.role);
    ReadFlag(reader, "hasPassword", out.has_password);
    ReadFlag(reader, "breakGlass", out.break_glass);
    ReadTime(reader, "lastPasswordSignInAt", out.last_password_sign_in_at, json);
    ReadTime(reader, "lastSsoSignInAt", out.last_sso_sign_in_at, json);
    ReadEach(reader, "ssoIdentities", out.identities, errors, /*required=*/false,
             [](FieldReader& entry, SsoIdentity& identity) {
                 ReadOptionalId(entry, "connectionId", identity.connection_id);
                 entry.String("issuer", identity.issuer, /*required=*/false);
             });
    return errors.size() == before;
}

bool SsoUsersFromJson(const Json& json, std::vector<SsoUser>& out,
                      std::vector<FieldError>& errors) {
    return ReadItems(json, out, errors, &SsoUserFromJson);
}

Json BreakGlassJson(bool break_glass) {
    return {{"breakGlass", break_glass}};
}

// [SECTION] Signing in and out

bool SsoDiscoveryFromJson(const Json& json, SsoDiscovery& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    if (reader.String("startUrl", out.start_url) && !SameOriginPath(out.start_url)) {
        // The app leaves for this address: never for another site.
        reader.Fail("startUrl", "must be a path of this server");
    }
    ReadFlag(reader, "enforced", out.enforced);
    return errors.size() == before;
}

bool LogoutAnswerFromJson(const Json& json, std::string& provider_logout_url,
                          std::vector<FieldError>& errors) {
    provider_logout_url.clear();
    if (json.is_null()) return true;  // 204: nothing more to do
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    ReadText(reader, "providerLogoutUrl", provider_logout_url);
    // The app leaves for the provider's page: a web address, never a script.
    if (!provider_logout_url.empty() && provider_logout_url.rfind("https://", 0) != 0 &&
        provider_logout_url.rfind("http://", 0) != 0) {
        reader.Fail("providerLogoutUrl", "must be an http(s) address");
        provider_logout_url.clear();
    }
    return errors.size() == before;
}

std::string SsoUrlOfError(const ApiError& error) {
    if (error.code != "sso_required" || !error.details.is_object()) return {};
    auto found = error.details.find("ssoUrl");
    if (found == error.details.end() || !found->is_string()) return {};
    const std::string& url = found->get_ref<const std::string&>();
    return SameOriginPath(url) ? url : std::string();
}

}  // namespace portal::api
