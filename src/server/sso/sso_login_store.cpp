// Single sign-on's sign-in side in SQL (migration 013): states, identities, who a verified ID
// token signs in, logout tokens and the sessions they end (see sso_login_store.h).
#include "server/sso/sso_login_store.h"

#include <algorithm>

#include "server/database.h"
#include "server/invitation_store.h"
#include "server/net/outbound.h"
#include "server/sql_helpers.h"

namespace portal::server::sso {

namespace {

using sql::Failed;
using sql::InsertReturningId;
using sql::Query;
using sql::Run;

// ---------------------------------------------------------------------------------------------
// Identities

struct IdentityRow {
    Id id = 0;
    Id user_id = 0;
};

bool FindIdentity(Database& db, const std::string& issuer, const std::string& subject,
                  IdentityRow& out, bool& found, std::string& error) {
    found = false;
    return Query(
        db, "SELECT id, user_id FROM sso_identities WHERE issuer = ? AND subject = ?",
        "cannot read SSO identities", error,
        [&](Statement& s) {
            s.Bind(1, issuer);
            s.Bind(2, subject);
        },
        [&](const Statement& row) {
            out.id = row.ColumnInt(0);
            out.user_id = row.ColumnInt(1);
            found = true;
        });
}

bool InsertIdentity(Database& db, const SsoConnection& connection, const IdentityClaims& claims,
                    Id user_id, int64_t now, std::string& error) {
    Id id = 0;
    return InsertReturningId(
        db,
        "INSERT INTO sso_identities(issuer, subject, user_id, connection_id, email_at_link,"
        " created_at, last_sign_in_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        "cannot link the SSO identity", id, error, [&](Statement& s) {
            s.Bind(1, claims.issuer);
            s.Bind(2, claims.subject);
            s.Bind(3, int64_t{user_id});
            s.Bind(4, int64_t{connection.id});
            s.Bind(5, claims.email);
            s.Bind(6, now);
            s.Bind(7, now);
        });
}

// ---------------------------------------------------------------------------------------------
// Users and the connection's account

// Whether the user reads the account already: a membership, or a delegation to a partner
// organisation they belong to; or they are an operator (the vendor's staff sign in anywhere).
bool ReadsAccount(Database& db, Id user_id, Id account_id, bool& member, bool& reads,
                  std::string& error) {
    return Query(
        db,
        "SELECT EXISTS (SELECT 1 FROM memberships WHERE user_id = ?1 AND account_id = ?2),"
        " EXISTS (SELECT 1 FROM partner_members m JOIN delegations d"
        "         ON d.partner_org_id = m.partner_org_id"
        "         WHERE m.user_id = ?1 AND d.account_id = ?2),"
        " EXISTS (SELECT 1 FROM operators WHERE user_id = ?1)",
        "cannot read the user's access", error,
        [&](Statement& s) {
            s.Bind(1, int64_t{user_id});
            s.Bind(2, int64_t{account_id});
        },
        [&](const Statement& row) {
            member = row.ColumnInt(0) != 0;
            reads = member || row.ColumnInt(1) != 0 || row.ColumnInt(2) != 0;
        });
}

// The newest pending invitation of email to the account; found false when there is none.
bool FindPendingInvitation(Store::Writer& w, Id account_id, const std::string& email, int64_t now,
                           InvitationRecord& out, bool& found, std::string& error) {
    Id id = 0;
    if (!Query(
            w.db(),
            "SELECT id FROM invitations WHERE account_id = ? AND email = ? AND accepted_at IS NULL"
            " AND revoked_at IS NULL AND expires_at > ? ORDER BY id DESC LIMIT 1",
            "cannot read invitations", error,
            [&](Statement& s) {
                s.Bind(1, int64_t{account_id});
                s.Bind(2, email);
                s.Bind(3, now);
            },
            [&](const Statement& row) { id = row.ColumnInt(0); })) {
        return false;
    }
    found = false;
    return id == 0 || FindInvitation(w, id, out, found, error);
}

// R-ACC-3: members plus pending invitations of the account, what a just-in-time member adds to.
bool CountPeople(Database& db, Id account_id, int64_t now, int64_t& people, std::string& error) {
    return Query(
        db,
        "SELECT (SELECT COUNT(*) FROM memberships WHERE account_id = ?1) +"
        " (SELECT COUNT(*) FROM invitations WHERE account_id = ?1"
        "  AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?2)",
        "cannot count the account's people", error,
        [&](Statement& s) {
            s.Bind(1, int64_t{account_id});
            s.Bind(2, now);
        },
        [&](const Statement& row) { people = row.ColumnInt(0); });
}

// What a new user is called: the provider's name, else the email's local part.
std::string NameOf(const IdentityClaims& claims) {
    if (!claims.name.empty()) return claims.name.substr(0, 200);
    return claims.email.substr(0, claims.email.find('@'));
}

void Refuse(SignInOutcome& out, const char* code) {
    out.user_id = 0;
    out.refusal = code;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Sign-ins in progress

bool InsertLoginState(Store::Writer& w, LoginState& state, std::string& error) {
    Database& db = w.db();
    if (!Run(db, "DELETE FROM sso_login_states WHERE expires_at <= ?",
             "cannot drop expired sign-in states", error,
             [&](Statement& s) { s.Bind(1, state.created_at); })) {
        return false;
    }
    return InsertReturningId(
        db,
        "INSERT INTO sso_login_states(state_hash, browser_hash, connection_id, purpose, user_id,"
        " nonce, code_verifier_sealed, next, email, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        "cannot record the sign-in state", state.id, error, [&](Statement& s) {
            s.Bind(1, state.state_hash);
            s.Bind(2, state.browser_hash);
            s.Bind(3, int64_t{state.connection_id});
            s.Bind(4, state.purpose);
            sql::BindIdOrNull(s, 5, state.user_id);
            s.Bind(6, state.nonce);
            s.Bind(7, state.code_verifier_sealed);
            s.Bind(8, state.next);
            s.Bind(9, state.email);
            s.Bind(10, state.created_at);
            s.Bind(11, state.expires_at);
        });
}

bool TakeLoginState(Store::Writer& w, const std::string& state_hash,
                    const std::string& browser_hash, int64_t now, LoginState& out,
                    StateCheck& check, std::string& error) {
    Database& db = w.db();
    bool found = false;
    if (!Query(
            db,
            "SELECT id, state_hash, browser_hash, connection_id, purpose, user_id, nonce,"
            " code_verifier_sealed, next, email, created_at, expires_at, used_at"
            " FROM sso_login_states WHERE state_hash = ?",
            "cannot read the sign-in state", error, [&](Statement& s) { s.Bind(1, state_hash); },
            [&](const Statement& row) {
                found = true;
                out.id = row.ColumnInt(0);
                out.state_hash = row.ColumnText(1);
                out.browser_hash = row.ColumnText(2);
                out.connection_id = row.ColumnInt(3);
                out.purpose = row.ColumnText(4);
                out.user_id = sql::IdOrZero(row, 5);
                out.nonce = row.ColumnText(6);
                out.code_verifier_sealed = row.ColumnText(7);
                out.next = row.ColumnText(8);
                out.email = row.ColumnText(9);
                out.created_at = row.ColumnInt(10);
                out.expires_at = row.ColumnInt(11);
                out.used_at = row.ColumnIsNull(12) ? 0 : row.ColumnInt(12);
            })) {
        return false;
    }
    if (!found) {
        check = StateCheck::Missing;
        return true;
    }
    if (out.used_at != 0) {
        check = StateCheck::Used;
        return true;
    }
    if (now >= out.expires_at) {
        check = StateCheck::Expired;
        return true;
    }
    // Another browser's state (a login CSRF, or a link opened elsewhere) is refused without
    // spending it: the browser that started the sign-in may still finish it.
    if (browser_hash.empty() || out.browser_hash != browser_hash) {
        check = StateCheck::OtherBrowser;
        return true;
    }
    if (!Run(db, "UPDATE sso_login_states SET used_at = ? WHERE id = ? AND used_at IS NULL",
             "cannot spend the sign-in state", error, [&](Statement& s) {
                 s.Bind(1, now);
                 s.Bind(2, int64_t{out.id});
             })) {
        return false;
    }
    check = db.Changes() == 1 ? StateCheck::Taken : StateCheck::Used;
    if (check == StateCheck::Taken) out.used_at = now;
    return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Connections' discovery documents

bool UpdateConnectionDiscovery(Store::Writer& w, Id connection_id, const std::string& document,
                               int64_t now, std::string& error) {
    return Run(w.db(),
               "UPDATE sso_connections SET discovery_json = ?, discovered_at = ? WHERE id = ?",
               "cannot store the discovery document", error, [&](Statement& s) {
                   s.Bind(1, document);
                   s.Bind(2, now);
                   s.Bind(3, int64_t{connection_id});
               });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Who an ID token signs in

bool ResolveSignIn(Store::Writer& w, const SsoConnection& connection, const IdentityClaims& claims,
                   int64_t now, const std::string& now_text, int max_users_per_account,
                   SignInOutcome& out, std::string& error) {
    out = SignInOutcome();
    Database& db = w.db();
    IdentityRow identity;
    bool known = false;
    if (!FindIdentity(db, claims.issuer, claims.subject, identity, known, error)) return false;

    UserRecord user;
    bool exists = false;
    if (known) {
        // 1. The provider's (iss, sub) was linked before: that user, whatever the email says now.
        if (!FindUserById(w, identity.user_id, user, exists, error)) return false;
        if (!exists) {
            error = "the SSO identity's user " + std::to_string(identity.user_id) + " is missing";
            return false;
        }
        out.how = "identity";
    } else {
        // 2./3. A first sign-in: the email claim is trusted only when the provider vouches for
        // it AND its domain is proven by this connection's account (R-ACC-5).
        if (claims.email.empty() || !claims.email_verified) {
            Refuse(out, kEmailUnverified);
            return true;
        }
        if (!connection.HasVerifiedDomain(EmailDomain(claims.email))) {
            Refuse(out, kDomainNotVerified);
            return true;
        }
        if (!w.FindUserByEmail(claims.email, user, exists, error)) return false;
        out.how = "linked";
    }
    if (exists && user.disabled) {
        Refuse(out, kDisabled);
        return true;
    }

    // Into the connection's account: a member already, a pending invitation, the default role,
    // or someone who reads it already (a delegated partner user, an operator).
    bool member = false, reads = false;
    if (exists && !ReadsAccount(db, user.id, connection.account_id, member, reads, error)) {
        return false;
    }
    InvitationRecord invitation;
    bool invited = false;
    if (!member) {
        const std::string& email = exists ? user.email : claims.email;
        if (!FindPendingInvitation(w, connection.account_id, email, now, invitation, invited,
                                   error)) {
            return false;
        }
    }
    bool jit = false;
    // Just in time only for an address this connection vouches for, even when (iss, sub) is
    // known: a provider that serves several customers (one issuer) must not let a user linked
    // through one of them into another's account by typing that customer's domain.
    bool vouched = claims.email_verified && connection.HasVerifiedDomain(EmailDomain(claims.email));
    if (!member && !invited) {
        if (connection.default_role && vouched) {
            int64_t people = 0;
            if (!CountPeople(db, connection.account_id, now, people, error)) return false;
            if (people + 1 > max_users_per_account) {  // R-ACC-3 holds for SSO users too
                Refuse(out, kNotInvited);
                return true;
            }
            jit = true;
        } else if (!reads) {
            Refuse(out, kNotInvited);
            return true;
        }
    }

    if (!exists) {
        user = UserRecord();
        user.email = claims.email;
        user.name = NameOf(claims);
        if (invited) user.language = invitation.language;
        user.password_hash = "";  // signs in through the provider only
        if (!w.InsertUser(user, now_text, error)) return false;
        out.created_user = true;
    }
    if (invited) {
        if (!AcceptInvitation(w, invitation, user.id, now, error)) return false;
        out.how = "invitation";
    } else if (jit) {
        if (!w.InsertMembership(user.id, connection.account_id, *connection.default_role, error)) {
            return false;
        }
        out.how = "jit";
    } else if (!known && exists) {
        out.how = "linked";
    }
    if (known) {
        if (!Run(db, "UPDATE sso_identities SET last_sign_in_at = ? WHERE id = ?",
                 "cannot record the SSO sign-in", error, [&](Statement& s) {
                     s.Bind(1, now);
                     s.Bind(2, int64_t{identity.id});
                 })) {
            return false;
        }
    } else if (!InsertIdentity(db, connection, claims, user.id, now, error)) {
        return false;
    }
    out.user_id = user.id;
    return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Back-channel logout

bool RecordLogoutJti(Store::Writer& w, const std::string& issuer, const std::string& jti,
                     int64_t expires_at, int64_t now, bool& fresh, std::string& error) {
    Database& db = w.db();
    if (!Run(db, "DELETE FROM sso_logout_jtis WHERE expires_at <= ?",
             "cannot drop old logout tokens", error, [&](Statement& s) { s.Bind(1, now); })) {
        return false;
    }
    if (!Run(db,
             "INSERT INTO sso_logout_jtis(issuer, jti, expires_at) VALUES (?, ?, ?)"
             " ON CONFLICT (issuer, jti) DO NOTHING",
             "cannot record the logout token", error, [&](Statement& s) {
                 s.Bind(1, issuer);
                 s.Bind(2, jti);
                 s.Bind(3, expires_at);
             })) {
        return false;
    }
    fresh = db.Changes() == 1;
    return true;
}

bool RevokeSsoSessions(Store::Writer& w, Id connection_id, const std::string& sid,
                       const std::string& subject, int64_t now, int& revoked, std::string& error) {
    revoked = 0;
    if (sid.empty() && subject.empty()) return true;
    Database& db = w.db();
    if (!Run(db,
             "UPDATE sessions SET revoked_at = ? WHERE auth_method = 'sso'"
             " AND sso_connection_id = ? AND revoked_at IS NULL AND expires_at > ?"
             " AND ((? <> '' AND sso_sid = ?) OR (? <> '' AND sso_subject = ?))",
             "cannot end the SSO sessions", error, [&](Statement& s) {
                 s.Bind(1, now);
                 s.Bind(2, int64_t{connection_id});
                 s.Bind(3, now);
                 s.Bind(4, sid);
                 s.Bind(5, sid);
                 s.Bind(6, subject);
                 s.Bind(7, subject);
             })) {
        return false;
    }
    revoked = static_cast<int>(db.Changes());
    return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Sign-out

bool ProviderLogoutUrl(Store::Writer& w, Id session_id, const std::string& public_url,
                       std::string& url, std::string& error) {
    url.clear();
    std::string document_text, client_id;
    bool found = false;
    if (!Query(
            w.db(),
            "SELECT c.discovery_json, c.client_id FROM sessions s"
            " JOIN sso_connections c ON c.id = s.sso_connection_id"
            " WHERE s.id = ? AND s.auth_method = 'sso'",
            "cannot read the session's connection", error,
            [&](Statement& s) { s.Bind(1, int64_t{session_id}); },
            [&](const Statement& row) {
                document_text = row.ColumnText(0);
                client_id = row.ColumnText(1);
                found = true;
            })) {
        return false;
    }
    if (!found) return true;
    api::Json document;
    std::string parse_error;
    if (!api::ParseJson(document_text, document, parse_error) || !document.is_object()) {
        return true;  // a document that cannot be read offers no sign-out, it fails nothing
    }
    auto endpoint = document.find("end_session_endpoint");
    if (endpoint == document.end() || !endpoint->is_string()) return true;
    std::string base = endpoint->get<std::string>();
    if (base.rfind("https://", 0) != 0 && base.rfind("http://", 0) != 0) return true;
    std::string home = public_url;
    while (!home.empty() && home.back() == '/') home.pop_back();
    url = base + (base.find('?') == std::string::npos ? "?" : "&") +
          "client_id=" + net::PercentEncode(client_id) +
          "&post_logout_redirect_uri=" + net::PercentEncode(home + "/");
    return true;
}

}  // namespace portal::server::sso
