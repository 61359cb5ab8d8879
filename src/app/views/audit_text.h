// The audit log's entries as people read them: "Room created", "License assigned", and the
// vendor's support reading the account (issue 14: action support.read, object the request
// line, "GET /api/v1/accounts/3/rooms") as "Vendor support read the rooms". English or French
// through the Translator; the French is in rooms_view.cpp's table, next to the room history
// that shows the log.
#pragma once

#include <string>

#include "app/i18n.h"
#include "core/model.h"

namespace portal::app {

// The sentence of one entry; an action it does not know is shown as it is. account, when
// given, names the rooms read ("room Salle Étoile" rather than "room 12").
std::string AuditSentence(const Translator& tr, const State* account, const std::string& action,
                          const std::string& object);

}  // namespace portal::app
