// Single sign-on's state and the URLs the app leaves for (state/sso.h).
#include "app/state/sso.h"

#include <algorithm>
#include <cstring>

namespace portal::app {

namespace {

void CopyText(char* out, size_t size, const std::string& text) {
    size_t length = std::min(size - 1, text.size());
    std::memcpy(out, text.data(), length);
    out[length] = '\0';
}

}  // namespace

std::string ReturnRoute(const Route& route) {
    Route back = route;
    back.sso.clear();
    return FormatRoute(back);
}

std::string SsoStartUrl(const std::string& start_url, const Route& back_to) {
    char separator = start_url.find('?') == std::string::npos ? '?' : '&';
    return start_url + separator + "next=" + QueryEscape(ReturnRoute(back_to));
}

std::string SsoTestUrl(Id connection_id, const Route& back_to) {
    return "/api/v1/auth/sso/start?connection=" + std::to_string(connection_id) +
           "&test=1&next=" + QueryEscape(ReturnRoute(back_to));
}

void SsoConnectionForm::Reset() {
    open = false;
    focus = false;
    editing = 0;
    name[0] = '\0';
    issuer[0] = '\0';
    client_id[0] = '\0';
    // The secret does not stay in memory longer than the form.
    std::fill(std::begin(client_secret), std::end(client_secret), '\0');
    domains.clear();
    default_role.clear();
    incomplete = false;
    save.Clear();
}

void SsoConnectionForm::Edit(const api::SsoConnection& connection) {
    Reset();
    open = true;
    focus = true;
    editing = connection.id;
    CopyText(name, sizeof name, connection.name);
    CopyText(issuer, sizeof issuer, connection.issuer);
    CopyText(client_id, sizeof client_id, connection.client_id);
    domains = connection.domains;
    default_role = connection.default_role;
}

api::SsoConnectionDraft SsoConnectionForm::Draft() const {
    api::SsoConnectionDraft draft;
    draft.name = name;
    draft.issuer = issuer;
    draft.client_id = client_id;
    draft.client_secret = client_secret;
    draft.domains = domains;
    std::sort(draft.domains.begin(), draft.domains.end());
    draft.default_role = default_role;
    return draft;
}

void SsoPageState::ForgetAccount() {
    loaded_for = 0;
    domains.Reset();
    connections.Reset();
    users.Reset();
    new_domain[0] = '\0';
    domain_incomplete = false;
    add_domain.Clear();
    verifying = 0;
    verify.Clear();
    confirm_remove = 0;
    removing = 0;
    remove_domain.Clear();
    form.Reset();
    enforcing = 0;
    enforce.Clear();
    confirm_delete = 0;
    deleting = 0;
    delete_connection.Clear();
    changing_user = 0;
    break_glass.Clear();
    notice.clear();
}

}  // namespace portal::app
