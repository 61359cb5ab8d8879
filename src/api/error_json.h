// The one error shape of the REST API:
//   {"error":{"code":"...","message":"...","details":{...}}}
// details may carry "rule" (an entitlement rule id such as "R-ROOM-1") and "fields"
// ([{"field","message"}], for 400s that name each bad field).
#pragma once

#include <string>
#include <vector>

#include "api/json_fields.h"

namespace portal::api {

struct ApiError {
    int status = 0;                  // HTTP status it came with (0 when not from HTTP)
    std::string code;                // machine-readable: "not_found", "rule_violation", ...
    std::string message;             // a sentence for people
    std::string rule;                // details.rule, when an engine rule refused
    std::vector<FieldError> fields;  // details.fields
    // The whole details object as answered (members particular to one error, such as
    // sso_required's ssoUrl); written back in the envelope under rule and fields. Null: none.
    Json details{};
};

std::string ErrorEnvelopeJson(const ApiError& error);
Json ErrorEnvelope(const ApiError& error);

// Reads an error envelope; false when the text is not one.
bool ParseErrorEnvelope(std::string_view text, ApiError& out);

}  // namespace portal::api
