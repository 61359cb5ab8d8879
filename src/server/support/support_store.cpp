// Support tickets in SQL (migration 012).
#include "server/support/support_store.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "server/database.h"
#include "server/mail.h"
#include "server/sql_helpers.h"

namespace portal::server {

namespace {

using sql::BindIdOrNull;
using sql::BindNullable;
using sql::BindTextOrNull;
using sql::Nullable;

// The ticket columns every read shares, in ReadTicket's order. The room's current name only
// while the id still names a room of the ticket's account (a room deleted since keeps the name
// it had, from the ticket's own row).
// The requester's language is the one mails to them speak (MailLanguageSql).
const std::string& SelectTicket() {
    static const std::string sql =
        "SELECT t.id, t.number, t.account_id, a.name, t.room_id, COALESCE(r.name, t.room_name),"
        " t.time_zone, t.subject, t.description, t.meeting_link, t.severity, t.status,"
        " t.service_level, t.requester_id, u.name, u.email, " +
        MailLanguageSql("u", "a.country") +
        ", t.assignee_id, s.name,"
        " s.email, t.created_at, t.updated_at, t.worked_at, t.first_responded_at, t.resolved_at,"
        " t.closed_at";
    return sql;
}
constexpr const char* kFromTicket =
    " FROM tickets t JOIN accounts a ON a.id = t.account_id"
    " JOIN users u ON u.id = t.requester_id"
    " LEFT JOIN users s ON s.id = t.assignee_id"
    " LEFT JOIN rooms r ON r.id = t.room_id AND r.account_id = t.account_id";

void ReadTicket(const Statement& row, TicketRecord& ticket) {
    ticket.id = row.ColumnInt(0);
    ticket.number = row.ColumnInt(1);
    ticket.account_id = row.ColumnInt(2);
    ticket.account_name = row.ColumnText(3);
    ticket.room_id = sql::IdOrZero(row, 4);
    ticket.room_name = row.ColumnText(5);
    ticket.time_zone = row.ColumnText(6);
    ticket.subject = row.ColumnText(7);
    ticket.description = row.ColumnText(8);
    ticket.meeting_link.reset();
    if (!row.ColumnIsNull(9)) ticket.meeting_link = row.ColumnText(9);
    ticket.severity = row.ColumnText(10);
    ticket.status = row.ColumnText(11);
    ticket.service_level = row.ColumnText(12);
    ticket.requester.id = row.ColumnInt(13);
    ticket.requester.name = row.ColumnText(14);
    ticket.requester.email = row.ColumnText(15);
    ticket.requester.language = row.ColumnText(16);
    ticket.assignee = TicketPerson();
    if (!row.ColumnIsNull(17)) {
        ticket.assignee.id = row.ColumnInt(17);
        ticket.assignee.name = row.ColumnText(18);
        ticket.assignee.email = row.ColumnText(19);
    }
    ticket.created_at = row.ColumnInt(20);
    ticket.updated_at = row.ColumnInt(21);
    ticket.worked_at = row.ColumnInt(22);
    ticket.first_responded_at = Nullable(row, 23);
    ticket.resolved_at = Nullable(row, 24);
    ticket.closed_at = Nullable(row, 25);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Tickets

bool InsertTicket(Store::Writer& w, TicketRecord& ticket, std::string& error) {
    Database& db = w.db();
    // Inside the write transaction: nobody else numbers a ticket meanwhile (and the UNIQUE
    // constraint would refuse a second one of the same number).
    Id number = 0;
    if (!sql::Query(
            db, "SELECT COALESCE(MAX(number), 1000) + 1 FROM tickets", "cannot number the ticket",
            error, [](Statement&) {}, [&](Statement& row) { number = row.ColumnInt(0); })) {
        return false;
    }
    if (!sql::InsertReturningId(
            db,
            "INSERT INTO tickets(number, account_id, room_id, room_name, time_zone, subject,"
            " description, meeting_link, severity, status, service_level, requester_id,"
            " assignee_id, created_at, updated_at, worked_at, snapshot)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?14, ?15)"
            " RETURNING id",
            "cannot insert the ticket", ticket.id, error, [&](Statement& insert) {
                insert.Bind(1, int64_t{number});
                insert.Bind(2, int64_t{ticket.account_id});
                BindIdOrNull(insert, 3, ticket.room_id);
                if (ticket.room_id) {
                    insert.Bind(4, ticket.room_name);
                } else {
                    insert.BindNull(4);
                }
                BindTextOrNull(insert, 5, ticket.time_zone);
                insert.Bind(6, ticket.subject);
                insert.Bind(7, ticket.description);
                BindNullable(insert, 8, ticket.meeting_link);
                insert.Bind(9, ticket.severity);
                insert.Bind(10, ticket.status);
                insert.Bind(11, ticket.service_level);
                insert.Bind(12, int64_t{ticket.requester.id});
                BindIdOrNull(insert, 13, ticket.assignee.id);
                insert.Bind(14, int64_t{ticket.created_at});
                BindTextOrNull(insert, 15, ticket.snapshot);
            })) {
        return false;
    }
    ticket.number = number;
    ticket.updated_at = ticket.worked_at = ticket.created_at;
    return true;
}

bool FindTicket(Store::Writer& w, Id ticket_id, TicketRecord& out, bool& found,
                std::string& error) {
    found = false;
    std::string sql = SelectTicket() + ", t.snapshot" + kFromTicket + " WHERE t.id = ?";
    return sql::Query(
        w.db(), sql.c_str(), "cannot read ticket " + std::to_string(ticket_id), error,
        [&](Statement& q) { q.Bind(1, int64_t{ticket_id}); },
        [&](Statement& row) {
            ReadTicket(row, out);
            out.snapshot = row.ColumnText(26);
            found = true;
        });
}

bool UpdateTicket(Store::Writer& w, const TicketRecord& ticket, std::string& error) {
    return sql::Run(w.db(),
                    "UPDATE tickets SET status = ?2, severity = ?3, assignee_id = ?4,"
                    " updated_at = ?5, worked_at = ?6, first_responded_at = ?7,"
                    " resolved_at = ?8, closed_at = ?9 WHERE id = ?1",
                    "cannot update ticket " + std::to_string(ticket.id), error, [&](Statement& q) {
                        q.Bind(1, int64_t{ticket.id});
                        q.Bind(2, ticket.status);
                        q.Bind(3, ticket.severity);
                        BindIdOrNull(q, 4, ticket.assignee.id);
                        q.Bind(5, int64_t{ticket.updated_at});
                        q.Bind(6, int64_t{ticket.worked_at});
                        BindNullable(q, 7, ticket.first_responded_at);
                        BindNullable(q, 8, ticket.resolved_at);
                        BindNullable(q, 9, ticket.closed_at);
                    });
}

namespace {

// The tickets a query selects, as SQL: "FROM ... WHERE ... ORDER BY ... LIMIT ?6". Fixed
// parameter numbers, each filter present or not: a handful of SQL texts, each prepared once and
// kept. The list rows' followers, status changes and comment counts are read with the same text
// as a subquery, so that a list costs four queries whatever its length.
std::string TicketSelection(const TicketQuery& query) {
    std::string sql = std::string(kFromTicket) + " WHERE 1 = 1";
    if (query.account_id != 0) sql += " AND t.account_id = ?1";
    if (!query.account_ids.empty()) {
        sql += " AND t.account_id IN (";  // ids are numbers: nothing a user typed
        for (size_t i = 0; i < query.account_ids.size(); ++i) {
            sql += (i ? "," : "") + std::to_string(query.account_ids[i]);
        }
        sql += ")";
    }
    if (query.status == "open") {
        sql += " AND t.status NOT IN ('resolved', 'closed')";
    } else if (query.status == "closed") {
        sql += " AND t.status IN ('resolved', 'closed')";
    } else if (!query.status.empty() && query.status != "all") {
        sql += " AND t.status = ?2";
    }
    if (!query.severity.empty()) sql += " AND t.severity = ?3";
    if (!query.text.empty() && query.text != "#") {
        sql +=
            " AND (CAST(t.number AS TEXT) LIKE ?4 ESCAPE '\\' OR LOWER(t.subject) LIKE ?4 ESCAPE"
            " '\\' OR LOWER(a.name) LIKE ?4 ESCAPE '\\' OR LOWER(COALESCE(r.name, t.room_name,"
            " '')) LIKE ?4 ESCAPE '\\')";
    }
    if (query.assignee == TicketQuery::Assignee::Nobody) sql += " AND t.assignee_id IS NULL";
    if (query.assignee == TicketQuery::Assignee::User) sql += " AND t.assignee_id = ?5";
    return sql + " ORDER BY t.id DESC LIMIT ?6";
}

void BindSelection(Statement& q, const TicketQuery& query) {
    std::string text = query.text;
    if (!text.empty() && text[0] == '#') text.erase(0, 1);
    if (query.account_id != 0) q.Bind(1, int64_t{query.account_id});
    q.Bind(2, query.status);
    q.Bind(3, query.severity);
    q.Bind(4, sql::ContainsPattern(text));
    q.Bind(5, int64_t{query.assignee_id});
    q.Bind(6, int64_t{query.limit});
}

}  // namespace

bool ListTickets(Store::Writer& w, const TicketQuery& query, std::vector<TicketRecord>& out,
                 std::string& error) {
    out.clear();
    std::string sql = SelectTicket() + TicketSelection(query);
    return sql::Query(
        w.db(), sql.c_str(), "cannot list tickets", error,
        [&](Statement& q) { BindSelection(q, query); },
        [&](Statement& row) {
            TicketRecord ticket;
            ReadTicket(row, ticket);
            out.push_back(std::move(ticket));
        });
}

bool ListTicketRows(Store::Writer& w, const TicketQuery& query, bool include_internal,
                    std::vector<TicketListRow>& out, std::string& error) {
    out.clear();
    std::vector<TicketRecord> tickets;
    if (!ListTickets(w, query, tickets, error)) return false;
    std::unordered_map<Id, size_t> row_of;
    row_of.reserve(tickets.size());
    out.reserve(tickets.size());
    for (TicketRecord& ticket : tickets) {
        row_of[ticket.id] = out.size();
        out.push_back({std::move(ticket), {}, {}, 0});
    }
    if (out.empty()) return true;
    std::string selected = " IN (SELECT t.id" + TicketSelection(query) + ")";
    auto row = [&](Id ticket_id) -> TicketListRow* {
        auto found = row_of.find(ticket_id);
        return found == row_of.end() ? nullptr : &out[found->second];
    };
    std::string followers =
        "SELECT f.ticket_id, u.id, u.name, u.email, " + MailLanguageSql("u", "a.country") +
        " FROM ticket_followers f JOIN users u ON u.id = f.user_id"
        " JOIN tickets ft ON ft.id = f.ticket_id JOIN accounts a ON a.id = ft.account_id"
        " WHERE f.ticket_id" +
        selected + " ORDER BY f.ticket_id, f.added_at, u.id";
    std::string changes =
        "SELECT c.ticket_id, c.at, c.status FROM ticket_status_changes c"
        " WHERE c.ticket_id" +
        selected + " ORDER BY c.ticket_id, c.at, c.id";
    // ?7: internal notes count for the vendor's support only.
    std::string comments =
        "SELECT c.ticket_id, COUNT(*) FROM ticket_comments c WHERE (?7 = 1 OR c.internal = 0)"
        " AND c.ticket_id" +
        selected + " GROUP BY c.ticket_id";
    auto bind = [&](Statement& q) { BindSelection(q, query); };
    return sql::Query(w.db(), followers.c_str(), "cannot read the tickets' followers", error, bind,
                      [&](Statement& r) {
                          if (TicketListRow* into = row(r.ColumnInt(0))) {
                              into->followers.push_back({r.ColumnInt(1), r.ColumnText(2),
                                                         r.ColumnText(3), r.ColumnText(4)});
                          }
                      }) &&
           sql::Query(w.db(), changes.c_str(), "cannot read the tickets' status changes", error,
                      bind,
                      [&](Statement& r) {
                          support::StatusChange change;
                          change.at = r.ColumnInt(1);
                          TicketListRow* into = row(r.ColumnInt(0));
                          if (into && support::StatusFromId(r.ColumnText(2), change.to)) {
                              into->changes.push_back(change);
                          }
                      }) &&
           sql::Query(
               w.db(), comments.c_str(), "cannot count the tickets' comments", error,
               [&](Statement& q) {
                   BindSelection(q, query);
                   q.Bind(7, int64_t{include_internal ? 1 : 0});
               },
               [&](Statement& r) {
                   if (TicketListRow* into = row(r.ColumnInt(0))) {
                       into->comments = static_cast<int>(r.ColumnInt(1));
                   }
               });
}

bool TicketsResolvedBefore(Store::Writer& w, Seconds before, int limit, std::vector<Id>& out,
                           std::string& error) {
    out.clear();
    return sql::Query(
        w.db(),
        "SELECT id FROM tickets WHERE status = 'resolved' AND resolved_at <= ?1"
        " ORDER BY resolved_at, id LIMIT ?2",
        "cannot list resolved tickets", error,
        [&](Statement& q) {
            q.Bind(1, int64_t{before});
            q.Bind(2, int64_t{limit});
        },
        [&](Statement& row) { out.push_back(row.ColumnInt(0)); });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] The clock's history

bool InsertStatusChange(Store::Writer& w, Id ticket_id, Seconds at, support::TicketStatus status,
                        std::string& error) {
    return sql::Run(w.db(),
                    "INSERT INTO ticket_status_changes(ticket_id, at, status) VALUES (?, ?, ?)",
                    "cannot record a status change", error, [&](Statement& q) {
                        q.Bind(1, int64_t{ticket_id});
                        q.Bind(2, int64_t{at});
                        q.Bind(3, std::string(support::StatusId(status)));
                    });
}

bool ListStatusChanges(Store::Writer& w, Id ticket_id, std::vector<support::StatusChange>& out,
                       std::string& error) {
    out.clear();
    return sql::Query(
        w.db(), "SELECT at, status FROM ticket_status_changes WHERE ticket_id = ? ORDER BY at, id",
        "cannot read the status changes of ticket " + std::to_string(ticket_id), error,
        [&](Statement& q) { q.Bind(1, int64_t{ticket_id}); },
        [&](Statement& row) {
            support::StatusChange change;
            change.at = row.ColumnInt(0);
            if (support::StatusFromId(row.ColumnText(1), change.to)) out.push_back(change);
        });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Comments

bool InsertComment(Store::Writer& w, TicketComment& comment, std::string& error) {
    return sql::InsertReturningId(
        w.db(),
        "INSERT INTO ticket_comments(ticket_id, author_id, by_support, body, internal,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        "cannot insert the comment", comment.id, error, [&](Statement& insert) {
            insert.Bind(1, int64_t{comment.ticket_id});
            insert.Bind(2, int64_t{comment.author.id});
            insert.Bind(3, int64_t{comment.by_support ? 1 : 0});
            insert.Bind(4, comment.body);
            insert.Bind(5, int64_t{comment.internal ? 1 : 0});
            insert.Bind(6, int64_t{comment.created_at});
        });
}

bool ListComments(Store::Writer& w, Id ticket_id, bool include_internal,
                  std::vector<TicketComment>& out, std::string& error) {
    out.clear();
    return sql::Query(
        w.db(),
        "SELECT c.id, c.author_id, u.name, u.email, c.by_support, c.body, c.internal,"
        " c.created_at FROM ticket_comments c JOIN users u ON u.id = c.author_id"
        " WHERE c.ticket_id = ?1 AND (?2 = 1 OR c.internal = 0) ORDER BY c.id",
        "cannot read the comments of ticket " + std::to_string(ticket_id), error,
        [&](Statement& q) {
            q.Bind(1, int64_t{ticket_id});
            q.Bind(2, int64_t{include_internal ? 1 : 0});
        },
        [&](Statement& row) {
            TicketComment comment;
            comment.id = row.ColumnInt(0);
            comment.ticket_id = ticket_id;
            comment.author.id = row.ColumnInt(1);
            comment.author.name = row.ColumnText(2);
            comment.author.email = row.ColumnText(3);
            comment.by_support = row.ColumnInt(4) != 0;
            comment.body = row.ColumnText(5);
            comment.internal = row.ColumnInt(6) != 0;
            comment.created_at = row.ColumnInt(7);
            out.push_back(std::move(comment));
        });
}

bool CountComments(Store::Writer& w, Id ticket_id, bool include_internal, int& out,
                   std::string& error) {
    out = 0;
    return sql::Query(
        w.db(),
        "SELECT COUNT(*) FROM ticket_comments WHERE ticket_id = ?1 AND (?2 = 1 OR internal = 0)",
        "cannot count the comments of ticket " + std::to_string(ticket_id), error,
        [&](Statement& q) {
            q.Bind(1, int64_t{ticket_id});
            q.Bind(2, int64_t{include_internal ? 1 : 0});
        },
        [&](Statement& row) { out = static_cast<int>(row.ColumnInt(0)); });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Followers

bool AddFollower(Store::Writer& w, Id ticket_id, Id user_id, Seconds now, bool& added,
                 std::string& error) {
    added = false;
    Database& db = w.db();
    if (!sql::Run(db,
                  "INSERT INTO ticket_followers(ticket_id, user_id, added_at) VALUES (?, ?, ?)"
                  " ON CONFLICT (ticket_id, user_id) DO NOTHING",
                  "cannot add a follower", error, [&](Statement& q) {
                      q.Bind(1, int64_t{ticket_id});
                      q.Bind(2, int64_t{user_id});
                      q.Bind(3, int64_t{now});
                  })) {
        return false;
    }
    added = db.Changes() > 0;
    return true;
}

bool RemoveFollower(Store::Writer& w, Id ticket_id, Id user_id, bool& removed, std::string& error) {
    removed = false;
    Database& db = w.db();
    if (!sql::Run(db, "DELETE FROM ticket_followers WHERE ticket_id = ? AND user_id = ?",
                  "cannot remove a follower", error, [&](Statement& q) {
                      q.Bind(1, int64_t{ticket_id});
                      q.Bind(2, int64_t{user_id});
                  })) {
        return false;
    }
    removed = db.Changes() > 0;
    return true;
}

bool ListFollowers(Store::Writer& w, Id ticket_id, std::vector<TicketPerson>& out,
                   std::string& error) {
    out.clear();
    const std::string sql =
        "SELECT u.id, u.name, u.email, " + MailLanguageSql("u", "a.country") +
        " FROM ticket_followers f JOIN users u ON u.id = f.user_id"
        " JOIN tickets t ON t.id = f.ticket_id JOIN accounts a ON a.id = t.account_id"
        " WHERE f.ticket_id = ? ORDER BY f.added_at, u.id";
    return sql::Query(
        w.db(), sql.c_str(), "cannot read the followers of ticket " + std::to_string(ticket_id),
        error, [&](Statement& q) { q.Bind(1, int64_t{ticket_id}); },
        [&](Statement& row) {
            out.push_back(
                {row.ColumnInt(0), row.ColumnText(1), row.ColumnText(2), row.ColumnText(3)});
        });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Attachments

bool InsertAttachment(Store::Writer& w, TicketAttachment& attachment, const std::string& bytes,
                      std::string& error) {
    if (!sql::InsertReturningId(
            w.db(),
            "INSERT INTO ticket_attachments(ticket_id, name, content_type, size, bytes,"
            " uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            "cannot insert the attachment", attachment.id, error, [&](Statement& insert) {
                insert.Bind(1, int64_t{attachment.ticket_id});
                insert.Bind(2, attachment.name);
                insert.Bind(3, attachment.content_type);
                insert.Bind(4, static_cast<int64_t>(bytes.size()));
                insert.BindBlob(5, bytes);
                insert.Bind(6, int64_t{attachment.uploaded_by.id});
                insert.Bind(7, int64_t{attachment.created_at});
            })) {
        return false;
    }
    attachment.size = static_cast<int64_t>(bytes.size());
    return true;
}

namespace {

constexpr const char* kSelectAttachment =
    "SELECT f.id, f.ticket_id, f.name, f.content_type, f.size, f.uploaded_by, u.name,"
    " f.created_at";

void ReadAttachment(const Statement& row, TicketAttachment& out) {
    out.id = row.ColumnInt(0);
    out.ticket_id = row.ColumnInt(1);
    out.name = row.ColumnText(2);
    out.content_type = row.ColumnText(3);
    out.size = row.ColumnInt(4);
    out.uploaded_by.id = row.ColumnInt(5);
    out.uploaded_by.name = row.ColumnText(6);
    out.created_at = row.ColumnInt(7);
}

}  // namespace

bool ListAttachments(Store::Writer& w, Id ticket_id, std::vector<TicketAttachment>& out,
                     std::string& error) {
    out.clear();
    std::string sql = std::string(kSelectAttachment) +
                      " FROM ticket_attachments f JOIN users u ON u.id = f.uploaded_by"
                      " WHERE f.ticket_id = ? ORDER BY f.id";
    return sql::Query(
        w.db(), sql.c_str(), "cannot read the attachments of ticket " + std::to_string(ticket_id),
        error, [&](Statement& q) { q.Bind(1, int64_t{ticket_id}); },
        [&](Statement& row) {
            TicketAttachment attachment;
            ReadAttachment(row, attachment);
            out.push_back(std::move(attachment));
        });
}

bool CountAttachments(Store::Writer& w, Id ticket_id, int& out, std::string& error) {
    out = 0;
    return sql::Query(
        w.db(), "SELECT COUNT(*) FROM ticket_attachments WHERE ticket_id = ?",
        "cannot count the attachments of ticket " + std::to_string(ticket_id), error,
        [&](Statement& q) { q.Bind(1, int64_t{ticket_id}); },
        [&](Statement& row) { out = static_cast<int>(row.ColumnInt(0)); });
}

bool FindAttachment(Store::Writer& w, Id attachment_id, TicketAttachment& out, std::string* bytes,
                    bool& found, std::string& error) {
    found = false;
    std::string sql = std::string(kSelectAttachment) + (bytes ? ", f.bytes" : "") +
                      " FROM ticket_attachments f JOIN users u ON u.id = f.uploaded_by"
                      " WHERE f.id = ?";
    return sql::Query(
        w.db(), sql.c_str(), "cannot read attachment " + std::to_string(attachment_id), error,
        [&](Statement& q) { q.Bind(1, int64_t{attachment_id}); },
        [&](Statement& row) {
            ReadAttachment(row, out);
            if (bytes) *bytes = row.ColumnBlob(8);
            found = true;
        });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Events

bool InsertEvent(Store::Writer& w, TicketEvent& event, std::string& error) {
    return sql::InsertReturningId(
        w.db(),
        "INSERT INTO ticket_events(ticket_id, at, kind, by_user_id, by_support, from_value,"
        " to_value, internal) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        "cannot insert the ticket event", event.id, error, [&](Statement& insert) {
            insert.Bind(1, int64_t{event.ticket_id});
            insert.Bind(2, int64_t{event.at});
            insert.Bind(3, event.kind);
            BindIdOrNull(insert, 4, event.by.id);
            insert.Bind(5, int64_t{event.by_support ? 1 : 0});
            BindTextOrNull(insert, 6, event.from);
            BindTextOrNull(insert, 7, event.to);
            insert.Bind(8, int64_t{event.internal ? 1 : 0});
        });
}

bool ListEvents(Store::Writer& w, Id ticket_id, bool include_internal,
                std::vector<TicketEvent>& out, std::string& error) {
    out.clear();
    return sql::Query(
        w.db(),
        "SELECT e.id, e.at, e.kind, e.by_user_id, u.name, e.by_support, e.from_value,"
        " e.to_value, e.internal FROM ticket_events e LEFT JOIN users u ON u.id = e.by_user_id"
        " WHERE e.ticket_id = ?1 AND (?2 = 1 OR e.internal = 0) ORDER BY e.id",
        "cannot read the events of ticket " + std::to_string(ticket_id), error,
        [&](Statement& q) {
            q.Bind(1, int64_t{ticket_id});
            q.Bind(2, int64_t{include_internal ? 1 : 0});
        },
        [&](Statement& row) {
            TicketEvent event;
            event.id = row.ColumnInt(0);
            event.ticket_id = ticket_id;
            event.at = row.ColumnInt(1);
            event.kind = row.ColumnText(2);
            if (!row.ColumnIsNull(3)) {
                event.by.id = row.ColumnInt(3);
                event.by.name = row.ColumnText(4);
            }
            event.by_support = row.ColumnInt(5) != 0;
            event.from = row.ColumnText(6);
            event.to = row.ColumnText(7);
            event.internal = row.ColumnInt(8) != 0;
            out.push_back(std::move(event));
        });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] People

bool ListAccountReaders(Store::Writer& w, Id account_id, std::vector<AccountReader>& out,
                        std::string& error) {
    out.clear();
    std::map<Id, AccountReader> readers;
    const std::string language = MailLanguageSql("u", "a.country");
    const std::string sql =
        "SELECT u.id, u.name, u.email, " + language +
        ", m.role FROM memberships m"
        " JOIN users u ON u.id = m.user_id JOIN accounts a ON a.id = m.account_id"
        " WHERE m.account_id = ?1 AND u.disabled = 0"
        " UNION ALL"
        " SELECT u.id, u.name, u.email, " +
        language +
        ",  CASE WHEN d.role = 'admin' AND p.role = 'admin' THEN 'admin' ELSE 'readonly' END"
        " FROM delegations d JOIN partner_members p ON p.partner_org_id = d.partner_org_id"
        " JOIN users u ON u.id = p.user_id JOIN accounts a ON a.id = d.account_id"
        " WHERE d.account_id = ?1 AND u.disabled = 0";
    bool ok = sql::Query(
        w.db(), sql.c_str(), "cannot read who may read account " + std::to_string(account_id),
        error, [&](Statement& q) { q.Bind(1, int64_t{account_id}); },
        [&](Statement& row) {
            AccountReader reader;
            reader.person = {row.ColumnInt(0), row.ColumnText(1), row.ColumnText(2),
                             row.ColumnText(3)};
            RoleFrom(row.ColumnText(4), reader.role);
            auto [at, fresh] = readers.emplace(reader.person.id, reader);
            if (!fresh && reader.role == Role::Admin) at->second.role = Role::Admin;
        });
    if (!ok) return false;
    for (auto& [id, reader] : readers) out.push_back(std::move(reader));
    return true;
}

bool FindPerson(Store::Writer& w, Id user_id, TicketPerson& out, bool& found, std::string& error) {
    found = false;
    return sql::Query(
        w.db(),
        ("SELECT u.id, u.name, u.email, " + MailLanguageSql("u", "") +
         " FROM users u WHERE u.id = ? AND u.disabled = 0")
            .c_str(),
        "cannot read user " + std::to_string(user_id), error,
        [&](Statement& q) { q.Bind(1, int64_t{user_id}); },
        [&](Statement& row) {
            out = {row.ColumnInt(0), row.ColumnText(1), row.ColumnText(2), row.ColumnText(3)};
            found = true;
        });
}

bool IsOperator(Store::Writer& w, Id user_id, bool& out, std::string& error) {
    out = false;
    return sql::Query(
        w.db(),
        "SELECT 1 FROM operators o JOIN users u ON u.id = o.user_id"
        " WHERE o.user_id = ? AND u.disabled = 0",
        "cannot read the operators", error, [&](Statement& q) { q.Bind(1, int64_t{user_id}); },
        [&](Statement&) { out = true; });
}

bool ListOperators(Store::Writer& w, std::vector<TicketPerson>& out, std::string& error) {
    out.clear();
    return sql::Query(
        w.db(),
        ("SELECT u.id, u.name, u.email, " + MailLanguageSql("u", "") +
         " FROM operators o JOIN users u ON u.id = o.user_id WHERE u.disabled = 0 ORDER BY u.id")
            .c_str(),
        "cannot read the operators", error, [](Statement&) {},
        [&](Statement& row) {
            out.push_back(
                {row.ColumnInt(0), row.ColumnText(1), row.ColumnText(2), row.ColumnText(3)});
        });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] What the snapshot reads of telemetry

bool DeviceEventsSince(Store::Writer& w, const std::vector<std::string>& serials, Seconds since,
                       std::vector<DeviceEventRow>& out, std::string& error) {
    out.clear();
    // A device that flaps all day would fill the snapshot: its latest events are enough.
    constexpr int kPerDevice = 200;
    for (const std::string& serial : serials) {
        size_t first = out.size();
        if (!sql::Query(
                w.db(),
                "SELECT at, online, firmware FROM device_events WHERE serial = ?1 AND at >= ?2"
                " ORDER BY at DESC LIMIT ?3",
                "cannot read the events of device " + serial, error,
                [&](Statement& q) {
                    q.Bind(1, serial);
                    q.Bind(2, int64_t{since});
                    q.Bind(3, int64_t{kPerDevice});
                },
                [&](Statement& row) {
                    DeviceEventRow event;
                    event.serial = serial;
                    event.at = row.ColumnInt(0);
                    event.online = row.ColumnInt(1) != 0;
                    if (!row.ColumnIsNull(2)) event.firmware = row.ColumnText(2);
                    out.push_back(std::move(event));
                })) {
            return false;
        }
        std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const DeviceEventRow& a, const DeviceEventRow& b) { return a.at < b.at; });
    return true;
}

}  // namespace portal::server
