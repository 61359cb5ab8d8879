// Single sign-on (issue 15, R-ACC-5): the state of People & access' Single sign-on section (the
// account's domains, connections and users as loaded, and the forms and changes made from it),
// and the few pure rules the section and the Sign in page share: where the app leaves for to
// start a sign-in or a Test sign-in, with the route to come back to. Forms keep what was typed
// through a failed request.
#pragma once

#include <string>
#include <vector>

#include "api/sso_json.h"
#include "app/remote.h"
#include "app/route.h"
#include "core/model.h"

namespace portal::app {

// [SECTION] Leaving for the identity provider

// The route to come back to after a sign-in: `route` without its "sso=" outcome, as the
// server's `next` wants it ("#/people?account=7").
std::string ReturnRoute(const Route& route);
// The discover answer's start URL with "&next=<ReturnRoute, percent-encoded>" added (or
// "?next=" when it has no query yet).
std::string SsoStartUrl(const std::string& start_url, const Route& back_to);
// The Test sign-in of a connection: /api/v1/auth/sso/start?connection=<id>&test=1&next=<...>.
std::string SsoTestUrl(Id connection_id, const Route& back_to);

// [SECTION] The Single sign-on section

// Add or edit a connection. The secret is write-only: empty on an edit means unchanged.
struct SsoConnectionForm {
    bool open = false;
    bool focus = false;  // just opened: focus the first field
    Id editing = 0;      // the connection edited; 0: a new one
    char name[128] = {};
    char issuer[512] = {};
    char client_id[256] = {};
    char client_secret[512] = {};
    std::vector<Id> domains;   // ids of verified domains, as ticked
    std::string default_role;  // "" (only invited people) | "readonly" | "admin"
    bool incomplete = false;   // Save was pressed with a required field empty
    Submission save;

    // Empty and closed; an answer still in flight is dropped.
    void Reset();
    // Opens it on `connection` (its secret left empty).
    void Edit(const api::SsoConnection& connection);
    api::SsoConnectionDraft Draft() const;
};

struct SsoPageState {
    // The lists of one account: loaded_for says which (0: none yet).
    Id loaded_for = 0;
    Remote<std::vector<api::SsoDomain>> domains{"domains"};
    Remote<api::SsoConnectionList> connections{"connections"};
    Remote<std::vector<api::SsoUser>> users{"users"};

    // Domains: add, Verify (the DNS record looked up now), Remove (asked to confirm first).
    char new_domain[256] = {};
    bool domain_incomplete = false;  // Add domain was pressed with nothing typed
    Submission add_domain;
    Id verifying = 0;
    Submission verify;
    Id confirm_remove = 0;
    Id removing = 0;
    Submission remove_domain;

    // Connections: the form, Require SSO, Delete (asked to confirm first).
    SsoConnectionForm form;
    Id enforcing = 0;  // the connection whose Require SSO was last changed
    Submission enforce;
    Id confirm_delete = 0;
    Id deleting = 0;
    Submission delete_connection;

    // Users: break-glass admins.
    Id changing_user = 0;
    Submission break_glass;

    // The last change that worked, in one sentence.
    std::string notice;

    // Another account was chosen, or the user signed out: forget what was loaded.
    void ForgetAccount();
};

}  // namespace portal::app
