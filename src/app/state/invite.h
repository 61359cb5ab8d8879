// The state of the invitation page (#/invite/<token>): what the server says of the link (POST
// /api/v1/invitations/preview) and the form that accepts it. It holds no account: the page works
// without a session.
#pragma once

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>

#include "api/people_json.h"
#include "app/remote.h"

namespace portal::app {

struct InvitePageState {
    std::string token;  // the link's token the preview below is about
    Submission preview_request;
    std::optional<api::InvitationPreview> preview;

    char name[128] = {};
    char password[256] = {};
    char confirm[256] = {};
    bool incomplete = false;    // Join was pressed with a field missing or wrong
    bool focus_pending = true;  // the first field takes the keyboard once the form shows
    Submission accept;

    // A new link was opened (or the user signed out): nothing of the last one stays, passwords
    // least of all.
    void Forget() {
        token.clear();
        preview_request.Clear();
        preview.reset();
        std::fill(std::begin(name), std::end(name), 0);
        ClearPasswords();
        incomplete = false;
        focus_pending = true;
        accept.Clear();
    }
    void ClearPasswords() {
        std::fill(std::begin(password), std::end(password), 0);
        std::fill(std::begin(confirm), std::end(confirm), 0);
    }

    // Another account was chosen, or the user signed out: the page is about a link, not an
    // account, so it keeps what is typed.
    void ForgetAccount() {}
};

}  // namespace portal::app
