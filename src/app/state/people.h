// The state of People & access: the account's members, pending invitations and partner
// delegations as loaded for the account on screen, and the page's forms (invite, remove, grant,
// revoke). Every change reloads only the list it changed.
#pragma once

#include <string>
#include <vector>

#include "api/people_json.h"
#include "app/remote.h"
#include "core/model.h"

namespace portal::app {

enum class PeopleDialog { None, Invite, Grant };

struct PeoplePageState {
    // A link's filter (?filter=pending, issue 16): the pending invitations first, with a chip.
    std::string route_filter;
    // The lists of one account: loaded_for says which (0: none yet).
    Id loaded_for = 0;
    Remote<std::vector<api::Member>> members{"members"};
    Remote<std::vector<api::Invitation>> invitations{"invitations"};
    Remote<std::vector<api::Delegation>> delegations{"delegations"};

    PeopleDialog dialog = PeopleDialog::None;
    bool focus_dialog = false;  // the dialog has just opened: focus its first field

    // Invite
    char invite_email[256] = {};
    bool invite_admin = false;       // Read-only unless Admin is picked
    bool invite_incomplete = false;  // Send was pressed with no email
    Submission invite;

    // A member's role, or their removal (asked to confirm first).
    Id confirm_remove = 0;  // the member whose removal waits for confirmation
    Id changing = 0;        // the member the last change was about
    Submission member_change;

    // Resend of a pending (or expired) invitation.
    Id resending = 0;
    Submission resend;

    // Grant: the partner's public code (issue 16: the partner gives it, which is its consent)
    // and a role; Revoke asks to confirm first.
    char grant_partner_code[32] = {};
    bool grant_admin = false;
    bool grant_incomplete = false;  // Grant was pressed with no code
    Submission grant;
    Id confirm_revoke = 0;
    Submission revoke;

    // The last change that worked, in one sentence ("Invitation sent to ...").
    std::string notice;

    void CloseDialog() {
        dialog = PeopleDialog::None;
        focus_dialog = false;
    }

    // Another account was chosen, or the user signed out: forget what was loaded.
    void ForgetAccount() {
        route_filter.clear();
        loaded_for = 0;
        members.Reset();
        invitations.Reset();
        delegations.Reset();
        CloseDialog();
        invite_email[0] = 0;
        invite_admin = false;
        invite_incomplete = false;
        invite.Clear();
        confirm_remove = 0;
        changing = 0;
        member_change.Clear();
        resending = 0;
        resend.Clear();
        grant_partner_code[0] = 0;
        grant_admin = false;
        grant_incomplete = false;
        grant.Clear();
        confirm_revoke = 0;
        revoke.Clear();
        notice.clear();
    }
};

}  // namespace portal::app
