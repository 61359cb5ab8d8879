// Support tickets over REST (issue 14, R-SUP-1..3): what the rest of the server needs to know of
// them beyond RegisterSupportRoutes (api_support.h): the attachment upload takes a raw body of
// up to 10 MiB (the CSRF layer in auth.cpp and the payload limit in http_server.cpp make room
// for it, for this route only), and the pure checks of an uploaded file.
//
//   POST   /api/v1/accounts/{id}/tickets           admin (partner with admin delegation)
//   POST   /api/v1/rooms/{id}/tickets              admin: the one click from a room (R-SUP-2)
//   GET    /api/v1/rooms/{id}/ticket-proposal      member: the one-click form's subject, severity
//   GET    /api/v1/accounts/{id}/tickets           member, read-only and delegates (R-SUP-1)
//   GET    /api/v1/tickets/{id}                    member; operator
//   POST   /api/v1/tickets/{id}/comments           admin; operator (internal notes: operator)
//   POST   /api/v1/tickets/{id}/followers          member (self); admin, operator (anyone's)
//   DELETE /api/v1/tickets/{id}/followers/{user}   self; admin; operator
//   PATCH  /api/v1/tickets/{id}                    admin; operator (assigneeId: operator)
//   POST   /api/v1/tickets/{id}/attachments?name=  admin; operator (raw body)
//   GET    /api/v1/attachments/{id}                member; operator (the bytes)
//   GET    /api/v1/support/tickets                 operator: the queue over every account
//
// Customers (anyone but an operator) never see an internal note: not in an answer, a list, a
// count, an event, a time of last activity or a mail. A ticket or attachment of an account the
// caller cannot see answers exactly like a missing one.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/support.h"

namespace portal::server {

struct ApiContext;
struct TicketRecord;

// A ticket's due times now, from its level, severity, zone and status history: what every
// list, the queue and the fleet's home (breached tickets) read.
support::DueTimes TicketDueTimes(const ApiContext& ctx, const TicketRecord& ticket,
                                 const std::vector<support::StatusChange>& changes);

inline constexpr const char* kAttachmentUploadPattern = "/api/v1/tickets/([0-9]+)/attachments";
// At most this many bytes a file (413 too_large), and this many files a ticket (409).
inline constexpr size_t kMaxAttachmentBytes = 10 * 1024 * 1024;
inline constexpr int kMaxAttachmentsPerTicket = 20;
inline constexpr size_t kMaxAttachmentNameLength = 200;  // characters

// Whether a request path is an attachment upload (what kAttachmentUploadPattern matches).
bool IsAttachmentUpload(const std::string& path);

// The content type of an uploaded file, judged by its bytes and never by its name or the type
// the client claimed: image/png, image/jpeg, image/gif, image/webp, application/pdf,
// application/zip by their magic bytes, else "text/plain; charset=utf-8" for valid UTF-8
// without NUL or other control characters than tabs, line breaks and ESC (text files, logs);
// nullopt for anything else (and for no bytes at all).
std::optional<std::string> SniffAttachmentType(std::string_view bytes);

// A file name as a client sent it, made safe to store and to send back in a
// Content-Disposition: the last path component only, no control characters, no invalid UTF-8,
// spaces trimmed, at most kMaxAttachmentNameLength characters; "" when nothing usable remains.
std::string SanitiseFileName(std::string_view name);

}  // namespace portal::server
