// Fuzz target: POST /api/v1/telemetry's body as telemetry_api.cpp reads it: the event count cap,
// the batch's shape (BatchFromJson), its rules (CheckBatch) against a fixed account, and the
// batch's one text (BatchToJson), on which replays are recognised: writing a parsed batch and
// reading it back must give the same text again.
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "api/telemetry_json.h"
#include "core/telemetry.h"
#include "fuzz_input.h"

namespace {

namespace telemetry = portal::telemetry;

const telemetry::AccountScope kAccount{{1, 2, 3, 42}, {"SN-1", "SN-2", "PX-0042"}};
// 2026-11-20T09:15:00Z, and the default 400-day retention.
constexpr telemetry::Seconds kNow = 1795252500;
constexpr telemetry::Seconds kRetention = 400 * 86400;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > telemetry::kMaxBodyBytes) return 0;  // 413 before anything is read
    portal::api::Json body;
    std::string parse_error;
    if (!portal::api::ParseJson(portal::fuzz::Text(data, size), body, parse_error)) return 0;
    if (!body.is_object()) return 0;  // ReadJsonBody's 400
    if (body.contains("events") && body["events"].is_array() &&
        body["events"].size() > telemetry::kMaxEvents) {
        return 0;
    }
    telemetry::Batch batch;
    std::vector<portal::api::FieldError> fields;
    if (!portal::api::BatchFromJson(body, batch, fields)) return 0;
    telemetry::CheckBatch(batch, kAccount, kNow, kRetention);

    std::string text = portal::api::BatchToJson(batch).dump();
    portal::api::Json again_json;
    telemetry::Batch again;
    if (!portal::api::ParseJson(text, again_json, parse_error) ||
        !portal::api::BatchFromJson(again_json, again, fields) ||
        portal::api::BatchToJson(again).dump() != text) {
        __builtin_trap();  // a batch the server wrote itself must read back as the same batch
    }
    return 0;
}
