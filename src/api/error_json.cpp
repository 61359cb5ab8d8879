#include "api/error_json.h"

namespace portal::api {

Json ErrorEnvelope(const ApiError& error) {
    Json details = error.details.is_object() ? error.details : Json::object();
    if (!error.rule.empty()) details["rule"] = error.rule;
    if (!error.fields.empty()) {
        Json fields = Json::array();
        for (const FieldError& field : error.fields) {
            fields.push_back({{"field", field.field}, {"message", field.message}});
        }
        details["fields"] = std::move(fields);
    }
    return {{"error", {{"code", error.code}, {"message", error.message}, {"details", details}}}};
}

std::string ErrorEnvelopeJson(const ApiError& error) {
    return ErrorEnvelope(error).dump();
}

bool ParseErrorEnvelope(std::string_view text, ApiError& out) {
    Json root;
    std::string parse_error;
    if (!ParseJson(text, root, parse_error) || !root.is_object()) return false;
    std::vector<FieldError> problems;
    FieldReader top(root, "", problems);
    const Json* error = top.Object("error");
    if (!error) return false;
    FieldReader fields(*error, "error", problems);
    if (!fields.String("code", out.code) || !fields.String("message", out.message)) return false;
    if (const Json* details = fields.Object("details", /*required=*/false)) {
        out.details = *details;
        FieldReader detail(*details, "error.details", problems);
        detail.String("rule", out.rule, /*required=*/false);
        if (const Json* list = detail.Array("fields", /*required=*/false)) {
            for (const Json& item : *list) {
                FieldError field;
                FieldReader entry(item, "", problems);
                entry.String("field", field.field);
                entry.String("message", field.message);
                out.fields.push_back(std::move(field));
            }
        }
    }
    return true;
}

}  // namespace portal::api
